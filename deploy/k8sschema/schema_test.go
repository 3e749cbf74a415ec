// Package k8sschema checks deploy/'s manifests against Kubernetes' own API
// types (k8s.io/api, from which the API server's OpenAPI schema is
// generated): each document is decoded strictly, so a field that is
// misspelt, misplaced or of the wrong type fails. It is its own module so
// that the main module does not depend on k8s.io/api:
//
//	cd deploy/k8sschema && go test ./...
package k8sschema

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

func decodeStrict(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	d := json.NewDecoder(bytes.NewReader(js))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		t.Fatalf("%s: not a valid %T: %v", path, v, err)
	}
}

func TestManifestsAgainstAPITypes(t *testing.T) {
	for _, path := range []string{"../job.yaml", "../merge.yaml"} {
		var j batchv1.Job
		decodeStrict(t, path, &j)
		if j.APIVersion != "batch/v1" || j.Kind != "Job" {
			t.Errorf("%s: %s %s", path, j.APIVersion, j.Kind)
		}
		if p := j.Spec.Template.Spec.RestartPolicy; p != corev1.RestartPolicyNever {
			t.Errorf("%s: restartPolicy %s", path, p)
		}
	}
	var j batchv1.Job
	decodeStrict(t, "../job.yaml", &j)
	s := j.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("job.yaml: completionMode %v, want Indexed", s.CompletionMode)
	}
	if s.Completions == nil || s.Parallelism == nil || *s.Parallelism > *s.Completions {
		t.Errorf("job.yaml: completions %v, parallelism %v", s.Completions, s.Parallelism)
	}
	if s.BackoffLimitPerIndex == nil || s.MaxFailedIndexes == nil || *s.MaxFailedIndexes > *s.Completions {
		t.Errorf("job.yaml: backoffLimitPerIndex %v, maxFailedIndexes %v", s.BackoffLimitPerIndex, s.MaxFailedIndexes)
	}
	var c corev1.PersistentVolumeClaim
	decodeStrict(t, "../pvc.yaml", &c)
	if c.Kind != "PersistentVolumeClaim" || len(c.Spec.AccessModes) == 0 || c.Spec.AccessModes[0] != corev1.ReadWriteMany {
		t.Errorf("pvc.yaml: %s %v", c.Kind, c.Spec.AccessModes)
	}
	if q, ok := c.Spec.Resources.Requests[corev1.ResourceStorage]; !ok || q.IsZero() {
		t.Errorf("pvc.yaml: storage request %v", q)
	}
}
