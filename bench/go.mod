module github.com/bayesnn-go/bayesnn/bench

go 1.26.5

require (
	bitbucket.org/dtolpin/infergo v1.2.4
	github.com/bayesnn-go/bayesnn v0.0.0-00010101000000-000000000000
	github.com/gomlx/compute v0.1.2
	github.com/gomlx/gomlx v0.28.2
)

require (
	github.com/go-gota/gota v0.12.0 // indirect
	github.com/go-logr/logr v1.4.3 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	golang.org/x/exp v0.0.0-20260410095643-746e56fc9e2f // indirect
	golang.org/x/mod v0.35.0 // indirect
	golang.org/x/net v0.53.0 // indirect
	golang.org/x/sync v0.20.0 // indirect
	golang.org/x/sys v0.43.0 // indirect
	golang.org/x/tools v0.44.0 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
	k8s.io/klog/v2 v2.140.0 // indirect
)

replace github.com/bayesnn-go/bayesnn => ../
