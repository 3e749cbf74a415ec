module github.com/bayesnn-go/bayesnn/bench

go 1.26

require github.com/bayesnn-go/bayesnn v0.0.0-00010101000000-000000000000

require (
	bitbucket.org/dtolpin/infergo v1.2.4 // indirect
	github.com/go-gota/gota v0.12.0 // indirect
	golang.org/x/mod v0.23.0 // indirect
	golang.org/x/net v0.35.0 // indirect
	golang.org/x/sync v0.12.0 // indirect
	golang.org/x/tools v0.30.0 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)

replace github.com/bayesnn-go/bayesnn => ../
