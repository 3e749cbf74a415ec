package tutorial

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bayesnn-go/bayesnn/report"
	"github.com/janpfeifer/gonb/gonbui"
)

// Display is a Sink that shows each piece at once in a GoNB cell.
type Display struct{}

// Add displays the pieces as HTML.
func (Display) Add(pieces ...report.Piece) {
	for _, p := range pieces {
		gonbui.DisplayHTML(p.HTML())
	}
	gonbui.Sync()
}

// stateFile is where a notebook's state lives between cells.
func (t *Tutorial) stateFile() string {
	dir := os.Getenv("BAYESNN_NB_STATE")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "bayesnn-notebooks")
	}
	return filepath.Join(dir, t.Name+".gob")
}

// Cell runs section k (0-based) in a GoNB cell: it loads the state the
// previous cells saved, runs the step with its output displayed in the
// cell, and saves the state for the next cell. Section 0 starts afresh.
// A failure is printed and ends the cell's program with exit status 1,
// which the notebook check reports.
func (t *Tutorial) Cell(k int) {
	if err := t.cell(k); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", t.Name, err)
		os.Exit(1)
	}
}

func (t *Tutorial) cell(k int) error {
	if k < 0 || k >= len(t.Sections) {
		return fmt.Errorf("no section %d", k)
	}
	var saved []byte
	path := t.stateFile()
	if k > 0 {
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("state of the earlier cells: %w (run the cells in order)", err)
		}
		saved = b
	}
	env := &Env{Ctx: context.Background(), Size: SizeFromEnv(), Seed: 1, Out: Display{}}
	b, err := t.runCell(env, k, saved)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// runCell runs section k on the state decoded from saved (a fresh state
// when saved is nil) and returns the state gob-encoded for the next cell.
func (t *Tutorial) runCell(env *Env, k int, saved []byte) ([]byte, error) {
	state := t.NewState()
	if saved != nil {
		if err := gob.NewDecoder(bytes.NewReader(saved)).Decode(state); err != nil {
			return nil, fmt.Errorf("decoding the state of the earlier cells: %w", err)
		}
	}
	if err := t.Sections[k].Run(env, state); err != nil {
		return nil, fmt.Errorf("section %d (%s): %w", k+1, t.Sections[k].Title, err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(state); err != nil {
		return nil, fmt.Errorf("section %d: encoding the state: %w", k+1, err)
	}
	return buf.Bytes(), nil
}

// RunAsCells runs every section as notebook cells do: each on the state
// the previous one left, gob-encoded and decoded in between (so a state
// that does not survive the trip fails here, not in a notebook). It returns
// the final state. Tutorial tests use it.
func (t *Tutorial) RunAsCells(env *Env) (any, error) {
	var saved []byte
	for k := range t.Sections {
		b, err := t.runCell(env, k, saved)
		if err != nil {
			return nil, err
		}
		saved = b
	}
	state := t.NewState()
	if err := gob.NewDecoder(bytes.NewReader(saved)).Decode(state); err != nil {
		return nil, err
	}
	return state, nil
}

// Notebook returns the tutorial as a GoNB notebook (.ipynb JSON): a
// markdown cell with the title and intro, the module set-up cell, then for
// each section a markdown cell with its prose and a code cell running it.
func (t *Tutorial) Notebook(module string) ([]byte, error) {
	if t.Package == "" || t.Var == "" {
		return nil, fmt.Errorf("tutorial %s: Package and Var must be set to generate a notebook", t.Name)
	}
	alias := t.Package[strings.LastIndex(t.Package, "/")+1:]
	nb := ipynb{
		NBFormat: 4, NBFormatMinor: 5,
		Metadata: map[string]any{
			"title":         t.Title,
			"kernelspec":    map[string]string{"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
			"language_info": map[string]string{"name": "go", "pygments_lexer": "go", "file_extension": ".go", "mimetype": "text/x-go"},
		},
	}
	id := 0
	add := func(kind, src string) {
		id++
		c := map[string]any{"cell_type": kind, "id": fmt.Sprintf("%s-%02d", t.Name, id), "metadata": map[string]any{}, "source": lines(src)}
		if kind == "code" { // required by the notebook format
			c["execution_count"] = nil
			c["outputs"] = []any{}
		}
		nb.Cells = append(nb.Cells, c)
	}
	// Title, Intro and Prose are report.Text markup: report.Markdown keeps
	// what a notebook would otherwise render differently ("v* … v*" as
	// emphasis, "$1000 … $2000" as mathematics) as the report shows it.
	add("markdown", "# "+report.Markdown(t.Title)+"\n\n"+report.Markdown(t.Intro)+"\n\n"+
		"*Generated from `"+t.Package+"` by `go run ./cmd/gennb`: edit the Go source, not this notebook. "+
		"Set `BAYESNN_CI=1` for the reduced sizes.*")
	add("code", fmt.Sprintf("!*go mod edit -require=%[1]s@v0.0.0-00010101000000-000000000000 -replace=%[1]s=${GONB_DIR}/..\n"+
		"!*go get github.com/janpfeifer/gonb@v0.11.5 gonum.org/v1/gonum@v0.17.0 gonum.org/v1/plot@v0.17.0 github.com/go-gota/gota@v0.12.0 2>go-get.log || { cat go-get.log >&2; false; }", module))
	add("code", fmt.Sprintf("import %s %q", alias, t.Package))
	for i, s := range t.Sections {
		add("markdown", "## "+report.Markdown(s.Title)+"\n\n"+report.Markdown(s.Prose))
		add("code", fmt.Sprintf("%%%%\n%s.%s.Cell(%d)", alias, t.Var, i))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type ipynb struct {
	Cells         []map[string]any `json:"cells"`
	Metadata      map[string]any   `json:"metadata"`
	NBFormat      int              `json:"nbformat"`
	NBFormatMinor int              `json:"nbformat_minor"`
}

// lines splits src into notebook source lines (each but the last keeps
// its newline).
func lines(src string) []string {
	parts := strings.SplitAfter(src, "\n")
	if n := len(parts); n > 0 && parts[n-1] == "" {
		parts = parts[:n-1]
	}
	return parts
}
