// Package models provides ready-made targets written on the autodiff tape:
// the posteriordb posteriors the samplers are validated against (with the
// data read from posteriordb's data.json), Neal's funnel and Gaussian
// test densities. Each Model has an unconstrained log density (with the
// log-Jacobians of its constraining transforms) and a map to the
// constrained parameters under posteriordb's names.
package models
