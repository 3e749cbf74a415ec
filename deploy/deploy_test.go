// Package deploy holds the files that run a sharded sampling binary on a
// cluster (see README.md); its test checks them and runs them locally.
package deploy

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The fields of Kubernetes' batch/v1 Job (and core/v1 PersistentVolumeClaim)
// these manifests use, with the API's names and types: decoding with
// KnownFields rejects any field that is misspelt or not at its place in the
// schema.
type (
	meta struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	}
	job struct {
		APIVersion string  `yaml:"apiVersion"`
		Kind       string  `yaml:"kind"`
		Metadata   meta    `yaml:"metadata"`
		Spec       jobSpec `yaml:"spec"`
	}
	jobSpec struct {
		CompletionMode       string      `yaml:"completionMode"`
		Completions          *int32      `yaml:"completions"`
		Parallelism          *int32      `yaml:"parallelism"`
		BackoffLimit         *int32      `yaml:"backoffLimit"`
		BackoffLimitPerIndex *int32      `yaml:"backoffLimitPerIndex"`
		MaxFailedIndexes     *int32      `yaml:"maxFailedIndexes"`
		Template             podTemplate `yaml:"template"`
	}
	podTemplate struct {
		Metadata meta    `yaml:"metadata"`
		Spec     podSpec `yaml:"spec"`
	}
	podSpec struct {
		RestartPolicy string      `yaml:"restartPolicy"`
		Containers    []container `yaml:"containers"`
		Volumes       []volume    `yaml:"volumes"`
	}
	container struct {
		Name            string   `yaml:"name"`
		Image           string   `yaml:"image"`
		ImagePullPolicy string   `yaml:"imagePullPolicy"`
		Args            []string `yaml:"args"`
		Resources       struct {
			Requests map[string]string `yaml:"requests"`
			Limits   map[string]string `yaml:"limits"`
		} `yaml:"resources"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
		} `yaml:"volumeMounts"`
	}
	volume struct {
		Name                  string `yaml:"name"`
		PersistentVolumeClaim struct {
			ClaimName string `yaml:"claimName"`
		} `yaml:"persistentVolumeClaim"`
	}
	pvc struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   meta   `yaml:"metadata"`
		Spec       struct {
			AccessModes []string `yaml:"accessModes"`
			Resources   struct {
				Requests map[string]string `yaml:"requests"`
			} `yaml:"resources"`
		} `yaml:"spec"`
	}
)

func decode(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := yaml.NewDecoder(bytes.NewReader(data))
	d.KnownFields(true)
	if err := d.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// flagValue returns the value of -name in args (the last one wins, as with
// Go's flag package).
func flagValue(args []string, name string) string {
	v := ""
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "-"+name {
			v = args[i+1]
		}
	}
	return v
}

// entrypoint returns the Dockerfile's ENTRYPOINT.
func entrypoint(t *testing.T) []string {
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^ENTRYPOINT \[(.*)\]$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("Dockerfile: no ENTRYPOINT [...]")
	}
	var out []string
	for _, f := range strings.Split(string(m[1]), ",") {
		out = append(out, strings.Trim(strings.TrimSpace(f), `"`))
	}
	if !strings.Contains(string(data), "CGO_ENABLED=0") || !strings.Contains(string(data), "FROM scratch") {
		t.Error("Dockerfile: not a static binary in an empty image")
	}
	return out
}

// TestManifests checks the Indexed Job, the merge Job, the volume claim and
// the Slurm script against each other and against the Job schema's fields.
func TestManifests(t *testing.T) {
	var shards, merge job
	var claim pvc
	decode(t, "job.yaml", &shards)
	decode(t, "merge.yaml", &merge)
	decode(t, "pvc.yaml", &claim)
	s := shards.Spec
	if shards.APIVersion != "batch/v1" || shards.Kind != "Job" || merge.APIVersion != "batch/v1" || merge.Kind != "Job" {
		t.Errorf("job.yaml %s %s, merge.yaml %s %s: want batch/v1 Job", shards.APIVersion, shards.Kind, merge.APIVersion, merge.Kind)
	}
	if s.CompletionMode != "Indexed" {
		t.Errorf("completionMode %q, want Indexed (JOB_COMPLETION_INDEX)", s.CompletionMode)
	}
	if s.Completions == nil || s.Parallelism == nil || *s.Completions < 1 || *s.Parallelism < 1 || *s.Parallelism > *s.Completions {
		t.Fatalf("completions %v, parallelism %v", s.Completions, s.Parallelism)
	}
	if s.BackoffLimitPerIndex != nil && s.Template.Spec.RestartPolicy != "Never" {
		t.Error("backoffLimitPerIndex needs restartPolicy Never")
	}
	if p := s.Template.Spec.RestartPolicy; p != "Never" && p != "OnFailure" {
		t.Errorf("restartPolicy %q: a Job's pods need Never or OnFailure", p)
	}
	if len(s.Template.Spec.Containers) != 1 || len(merge.Spec.Template.Spec.Containers) != 1 {
		t.Fatal("want one container in each Job")
	}
	c, mc := s.Template.Spec.Containers[0], merge.Spec.Template.Spec.Containers[0]
	if got := flagValue(c.Args, "shards"); got != strconv.Itoa(int(*s.Completions)) {
		t.Errorf("-shards %s, completions %d: they must agree", got, *s.Completions)
	}
	for _, f := range []string{"shards", "chains"} {
		if flagValue(c.Args, f) != flagValue(mc.Args, f) {
			t.Errorf("-%s: job.yaml %s, merge.yaml %s", f, flagValue(c.Args, f), flagValue(mc.Args, f))
		}
	}
	if !slices.Contains(mc.Args, "-merge") {
		t.Error("merge.yaml does not pass -merge")
	}
	dir := flagValue(entrypoint(t), "dir")
	for _, j := range []job{shards, merge} {
		ps := j.Spec.Template.Spec
		if len(ps.Volumes) != 1 || ps.Volumes[0].PersistentVolumeClaim.ClaimName != claim.Metadata.Name {
			t.Errorf("%s: volumes %+v, want the claim %s", j.Metadata.Name, ps.Volumes, claim.Metadata.Name)
			continue
		}
		mounts := ps.Containers[0].VolumeMounts
		if len(mounts) != 1 || mounts[0].Name != ps.Volumes[0].Name || mounts[0].MountPath != dir {
			t.Errorf("%s: mounts %+v, want %s at %s (the image's -dir)", j.Metadata.Name, mounts, ps.Volumes[0].Name, dir)
		}
	}
	if claim.APIVersion != "v1" || claim.Kind != "PersistentVolumeClaim" || !slices.Contains(claim.Spec.AccessModes, "ReadWriteMany") {
		t.Errorf("pvc.yaml: %s %s %v, want a v1 PersistentVolumeClaim ReadWriteMany", claim.APIVersion, claim.Kind, claim.Spec.AccessModes)
	}
	// The Slurm array has as many tasks as the script's -shards.
	script, err := os.ReadFile("slurm.sh")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^#SBATCH --array=(\d+)-(\d+)$`).FindSubmatch(script)
	n := regexp.MustCompile(`-shards (\d+)`).FindSubmatch(script)
	if m == nil || n == nil {
		t.Fatal("slurm.sh: no --array=A-B or -shards N")
	}
	lo, _ := strconv.Atoi(string(m[1]))
	hi, _ := strconv.Atoi(string(m[2]))
	if k, _ := strconv.Atoi(string(n[1])); hi-lo+1 != k {
		t.Errorf("slurm.sh: --array=%d-%d is %d tasks, -shards %d", lo, hi, hi-lo+1, k)
	}
}

// TestRunLocally runs the deployment without a cluster: the Indexed Job's
// container (the image's entrypoint and the manifest's arguments, with
// JOB_COMPLETION_INDEX set per pod) and the Slurm script (with
// SLURM_ARRAY_TASK_ID set per task), each into its own directory, at a
// small size; both merges must print the same diagnostics.
func TestRunLocally(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cmd/shardrun")
	}
	bin := filepath.Join(t.TempDir(), "shardrun")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/shardrun").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	small := []string{"-warmup", "40", "-draws", "20"}
	var shards, merge job
	decode(t, "job.yaml", &shards)
	decode(t, "merge.yaml", &merge)
	run := func(env []string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	// Kubernetes: the entrypoint's -dir replaced by a local directory.
	k8s := t.TempDir()
	var ep []string
	for _, a := range entrypoint(t)[1:] {
		if a == flagValue(entrypoint(t), "dir") {
			a = k8s
		}
		ep = append(ep, a)
	}
	args := append(append(ep, shards.Spec.Template.Spec.Containers[0].Args...), small...)
	for i := range int(*shards.Spec.Completions) {
		run([]string{"JOB_COMPLETION_INDEX=" + strconv.Itoa(i)}, bin, args...)
	}
	margs := append(append(ep[:len(ep):len(ep)], merge.Spec.Template.Spec.Containers[0].Args...), small...)
	k8sOut := run(nil, bin, margs...)
	// Slurm: the script as each array task runs it.
	slurm := t.TempDir()
	for i := range 8 {
		run([]string{"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(i), "SLURM_ARRAY_TASK_MIN=0", "OUT=" + slurm, "SHARDRUN=" + bin},
			"bash", append([]string{"slurm.sh"}, small...)...)
	}
	slurmOut := run(nil, bin, append([]string{"-merge", "-dir", slurm, "-shards", "8", "-chains", "64", "-superchains", "8"}, small...)...)
	if k8sOut != slurmOut {
		t.Errorf("the two deployments merge to different results:\n%s\n%s", k8sOut, slurmOut)
	}
	if !strings.Contains(k8sOut, "nested R-hat") {
		t.Errorf("merge output lacks nested R-hat:\n%s", k8sOut)
	}
}
