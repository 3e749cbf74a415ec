module github.com/bayesnn-go/bayesnn/bench

go 1.26

require github.com/bayesnn-go/bayesnn v0.0.0-00010101000000-000000000000

require (
	github.com/go-gota/gota v0.12.0 // indirect
	golang.org/x/net v0.0.0-20210423184538-5f58ad60dda6 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)

replace github.com/bayesnn-go/bayesnn => ../
