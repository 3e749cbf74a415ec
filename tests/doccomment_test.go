package tests

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// docAllowList names the files whose missing doc comments the lint forgives,
// as path.Match patterns relative to the module root. It is empty: every
// exported identifier of the module has a doc comment. It exists for a
// branch that rewrites a file wholesale and must land in two steps; do not
// add files to it otherwise: write the comment instead.
var docAllowList = []string{}

// libPackage is one non-main package of the module: its directory relative
// to the module root, its name and its parsed files.
type libPackage struct {
	dir, name string
	files     map[string]*ast.File // non-test files by path relative to the root
	examples  []string             // Example functions in its _test.go files
	buildable bool                 // some non-test file builds without build tags
}

// moduleRoot returns the directory holding the module's go.mod (the parent
// of tests/).
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root %s has no go.mod: %v", root, err)
	}
	return root
}

// libraryPackages walks the module tree and parses every directory that
// holds non-test Go files of a package other than main. It skips hidden and
// underscore directories, testdata and nested modules (bench/ has its own
// go.mod), so packages added later are covered without a list to keep.
func libraryPackages(t *testing.T) []libPackage {
	t.Helper()
	root := moduleRoot(t)
	fset := token.NewFileSet()
	var pkgs []libPackage
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != root {
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		pkg := libPackage{dir: filepath.ToSlash(rel), files: map[string]*ast.File{}}
		for _, e := range entries {
			fn := e.Name()
			if e.IsDir() || !strings.HasSuffix(fn, ".go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(p, fn), nil, parser.ParseComments)
			if err != nil {
				return err
			}
			if strings.HasSuffix(fn, "_test.go") {
				for _, decl := range f.Decls {
					if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Example") {
						pkg.examples = append(pkg.examples, fd.Name.Name)
					}
				}
				continue
			}
			if f.Name.Name == "main" {
				return nil // a command: neither lint applies
			}
			pkg.name = f.Name.Name
			pkg.files[path.Join(pkg.dir, fn)] = f
		}
		if len(pkg.files) > 0 {
			_, err := build.Default.ImportDir(p, 0)
			pkg.buildable = err == nil
			pkgs = append(pkgs, pkg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 10 {
		t.Fatalf("found only %d library packages under %s: the walk is broken", len(pkgs), root)
	}
	return pkgs
}

// allowed reports whether file (relative to the module root) matches the
// allow-list.
func allowed(file string) bool {
	for _, pat := range docAllowList {
		if ok, _ := path.Match(pat, file); ok {
			return true
		}
	}
	return false
}

// receiverType returns the name of a method's receiver type, without
// pointer or type parameters.
func receiverType(fd *ast.FuncDecl) string {
	expr := fd.Recv.List[0].Type
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// undocumented returns "file: kind Name has no doc comment" for each
// exported identifier of f without a doc comment: functions, methods on
// exported types, types, constants and variables. A group's comment counts
// for the specs of a parenthesised const, var or type group, as golint
// accepted; a trailing line comment does not count. The comment of a
// function, method or type must also begin with its name, optionally after
// "A", "An" or "The" (Go's doc-comment convention); otherwise the line ends
// "the comment does not begin with Name".
func undocumented(file string, f *ast.File) []string {
	var out []string
	missing := func(kind, name string, doc *ast.CommentGroup) {
		if ast.IsExported(name) && (doc == nil || strings.TrimSpace(doc.Text()) == "") {
			out = append(out, file+": "+kind+" "+name+" has no doc comment")
		}
	}
	// named also wants the comment of a function, method or type to begin
	// with its name (after "A", "An" or "The"), so that a comment left
	// behind by a rename is caught; qualified is Recv.Method for a method.
	named := func(kind, qualified, name string, doc *ast.CommentGroup) {
		if !ast.IsExported(name) || doc == nil {
			missing(kind, qualified, doc)
			return
		}
		w := strings.Fields(doc.Text())
		if len(w) == 0 {
			missing(kind, qualified, doc)
			return
		}
		if len(w) > 1 && (w[0] == "A" || w[0] == "An" || w[0] == "The") {
			w = w[1:]
		}
		if w[0] != name {
			out = append(out, file+": "+kind+" "+qualified+": the comment does not begin with "+name)
		}
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				named("func", d.Name.Name, d.Name.Name, d.Doc)
				continue
			}
			recv := receiverType(d)
			if ast.IsExported(recv) && ast.IsExported(d.Name.Name) {
				named("method", recv+"."+d.Name.Name, d.Name.Name, d.Doc)
			}
		case *ast.GenDecl:
			kind := d.Tok.String()
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					doc := s.Doc
					if doc == nil {
						doc = d.Doc
					}
					named(kind, s.Name.Name, s.Name.Name, doc)
				case *ast.ValueSpec:
					doc := s.Doc
					if doc == nil {
						doc = d.Doc
					}
					for _, n := range s.Names {
						missing(kind, n.Name, doc)
					}
				}
			}
		}
	}
	return out
}

// TestDocComments fails naming every exported identifier of a library
// package (any non-main package of the module, found by walking the tree)
// that has no doc comment, and every library package without a package
// comment. Files in docAllowList are skipped.
func TestDocComments(t *testing.T) {
	var problems []string
	for _, pkg := range libraryPackages(t) {
		hasPkgDoc := false
		for file, f := range pkg.files {
			if f.Doc != nil && strings.TrimSpace(f.Doc.Text()) != "" {
				hasPkgDoc = true
			}
			if allowed(file) {
				continue
			}
			problems = append(problems, undocumented(file, f)...)
		}
		if !hasPkgDoc {
			problems = append(problems, pkg.dir+": package "+pkg.name+" has no package comment")
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Logf("%d doc-comment problems (write or fix the comment; docAllowList is only for files other branches own)", len(problems))
	}
}

// TestEveryPackageHasExample fails naming each library package whose tests
// hold no runnable Example function (Example, ExampleF, ExampleT_M, ...),
// which pkg.go.dev and godoc show beside the API. Packages under internal/
// are exempt (no user can import them, so there is no usage to show; their
// doc comments are still linted), and so is a package whose files all need
// a build tag (internal/deps pins dependencies under -tags deps).
func TestEveryPackageHasExample(t *testing.T) {
	for _, pkg := range libraryPackages(t) {
		internal := pkg.dir == "internal" || strings.HasPrefix(pkg.dir, "internal/") || strings.Contains(pkg.dir, "/internal/")
		if len(pkg.examples) == 0 && pkg.buildable && !internal {
			t.Errorf("package %s (%s/) has no Example function in its _test.go files", pkg.name, pkg.dir)
		}
	}
}

// TestDocLintFindsMissing checks the lint itself on a small source: it
// must report the undocumented function, method, type, constant and
// variable and a comment that names something else, and accept the
// documented ones, an article before the name, a group comment and
// unexported names.
func TestDocLintFindsMissing(t *testing.T) {
	const src = `package p

// Documented does something.
func Documented() {}

func Bare() {}

func unexported() {}

// T is documented.
type T struct{}

func (T) M() {}

// N is documented.
func (*T) N() {}

// Old is a comment left behind by a rename.
func Renamed() {}

// A Thing may begin with an article.
type Thing int

type u struct{}

func (u) Hidden() {}

type Naked int

// Group comment for the constants.
const (
	A = 1
	B = 2
)

const (
	// C is documented.
	C = 3
	D = 4 // a line comment is not a doc comment
)

var V, W int

// G is generic.
type G[X any] struct{}

func (g *G[X]) Method() {}
`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(undocumented("p.go", f), "\n")
	want := strings.Join([]string{
		"p.go: func Bare has no doc comment",
		"p.go: method T.M has no doc comment",
		"p.go: func Renamed: the comment does not begin with Renamed",
		"p.go: type Naked has no doc comment",
		"p.go: const D has no doc comment",
		"p.go: var V has no doc comment",
		"p.go: var W has no doc comment",
		"p.go: method G.Method has no doc comment",
	}, "\n")
	if got != want {
		t.Errorf("undocumented:\n%s\nwant:\n%s", got, want)
	}
}
