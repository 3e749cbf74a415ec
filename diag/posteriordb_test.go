package diag

import (
	"archive/zip"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// posteriordbDir holds posteriordb's reference posteriors, shared beside the
// repository.
var posteriordbDir = filepath.Join("..", "..", "shared", "posteriordb")

// referenceInfo is the part of posteriordb's reference_info.json we check.
type referenceInfo struct {
	Diagnostics struct {
		Info struct {
			Names []string `json:"names"`
		} `json:"diagnostic_information"`
		ESSBulk []float64 `json:"effective_sample_size_bulk"`
		ESSTail []float64 `json:"effective_sample_size_tail"`
		RHat    []float64 `json:"r_hat"`
		EFMI    []float64 `json:"expected_fraction_of_missing_information"`
	} `json:"diagnostics"`
}

// loadReference reads the reference draws (chain × draw per name) and the
// diagnostics posteriordb computed on them.
func loadReference(t testing.TB, dir string) (map[string][][]float64, referenceInfo) {
	t.Helper()
	var info referenceInfo
	b, err := os.ReadFile(filepath.Join(dir, "reference_info.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(filepath.Join(dir, "reference_draws.json.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 1 {
		t.Fatalf("%s: %d files in the zip, want 1", dir, len(zr.File))
	}
	f, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	var chains []map[string][]float64
	if err := json.Unmarshal(raw, &chains); err != nil {
		t.Fatal(err)
	}
	draws := make(map[string][][]float64)
	for _, ch := range chains {
		for name, d := range ch {
			draws[name] = append(draws[name], d)
		}
	}
	return draws, info
}

// TestPosteriordbReference checks bulk ESS, tail ESS and R-hat against the
// numbers posteriordb computed with the R package posterior 0.0.1/0.0.2 on the
// same draws: within 1 % relative for ESS, 0.001 absolute for R-hat (the
// acceptance tolerances of issue 5). The algorithms are the same, so the
// numbers agree to rounding; the tighter tolerances (1e-7 relative for ESS,
// 2e-6 absolute for R-hat) catch a changed detail such as the rank offset,
// which moves bulk ESS by about 1e-4, or ordering the middle draws by their
// rounding, which moves R-hat by up to 2.8e-6. R-hat differs by up to 1.4e-6 in 14
// of the 96 parameters: the folded draws nearest the median are the two
// middle draws, equidistant from it in exact arithmetic, and we tie them
// (which reproduces posterior in 80 of the 96) while posterior's rounding,
// probably on draws with more digits than the JSON keeps, sometimes ordered
// them.
func TestPosteriordbReference(t *testing.T) {
	const (
		essTol    = 0.01
		rhatTol   = 0.001
		essTight  = 1e-7
		rhatTight = 2e-6
	)
	var maxESS, maxRHat float64
	dirs, _ := filepath.Glob(filepath.Join(posteriordbDir, "*", "reference_info.json"))
	if len(dirs) == 0 {
		t.Skipf("no posteriordb references under %s", posteriordbDir)
	}
	for _, p := range dirs {
		dir := filepath.Dir(p)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			draws, info := loadReference(t, dir)
			d := info.Diagnostics
			for i, name := range d.Info.Names {
				x, ok := draws[name]
				if !ok {
					t.Errorf("%s: not in the reference draws", name)
					continue
				}
				bulk, err := ESSBulk(x)
				if err != nil {
					t.Errorf("%s: ESSBulk: %v", name, err)
				}
				tail, err := ESSTail(x)
				if err != nil {
					t.Errorf("%s: ESSTail: %v", name, err)
				}
				rhat, err := RHat(x)
				if err != nil {
					t.Errorf("%s: RHat: %v", name, err)
				}
				relBulk := math.Abs(bulk/d.ESSBulk[i] - 1)
				relTail := math.Abs(tail/d.ESSTail[i] - 1)
				diffRHat := math.Abs(rhat - d.RHat[i])
				maxESS = max(maxESS, relBulk, relTail)
				maxRHat = max(maxRHat, diffRHat)
				if !(relBulk < essTol) {
					t.Errorf("%s: bulk ESS %.6g, reference %.6g (rel. diff %.3g)", name, bulk, d.ESSBulk[i], relBulk)
				}
				if !(relTail < essTol) {
					t.Errorf("%s: tail ESS %.6g, reference %.6g (rel. diff %.3g)", name, tail, d.ESSTail[i], relTail)
				}
				if !(diffRHat < rhatTol) {
					t.Errorf("%s: R-hat %.6g, reference %.6g", name, rhat, d.RHat[i])
				}
				if !(relBulk < essTight && relTail < essTight && diffRHat < rhatTight) {
					t.Errorf("%s: bulk ESS %.10g/%.10g, tail ESS %.10g/%.10g, R-hat %.10g/%.10g (ours/reference) differ beyond rounding",
						name, bulk, d.ESSBulk[i], tail, d.ESSTail[i], rhat, d.RHat[i])
				}
				if testing.Verbose() {
					t.Logf("%-12s bulk %.9g/%.9g tail %.9g/%.9g rhat %.9g/%.9g", name,
						bulk, d.ESSBulk[i], tail, d.ESSTail[i], rhat, d.RHat[i])
				}
			}
		})
	}
	t.Logf("largest differences: ESS %.3g relative, R-hat %.3g", maxESS, maxRHat)
}
