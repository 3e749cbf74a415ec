# Reference PSIS-LOO, WAIC and loo_compare results of R's loo package for the
# log-likelihood matrices of this folder (written by cmd/loofixtures). Run from
# the repository root with Debian's r-cran-loo installed:
#
#   Rscript diag/testdata/loo/make_fixtures.R
#
# For each <name>.csv (columns chain, draw, y1..yn) it writes
#   <name>.loo.csv    pointwise: elpd_loo, mcse_elpd_loo, p_loo, looic,
#                     influence_pareto_k, n_eff, r_eff
#   <name>.waic.csv   pointwise: elpd_waic, p_waic, waic
#   <name>.est.csv    estimates: elpd_loo, p_loo, looic, elpd_waic, p_waic,
#                     waic with SEs, and mcse_elpd_loo (NA if any k > 0.7)
# and for each pair of models on the same data <a>-vs-<b>.compare.csv, the
# loo_compare table.
#
# r_eff is relative_eff(exp(ll), chain_id), as the loo documentation
# recommends. Note that loo 2.5.1's autocovariance() scales by M/N where M is
# the FFT size rounded up from N (draws per chain) to a product of 2s, 3s and
# 5s; the fixtures use N = 1000 = M, so the scaling is 1 and r_eff is the
# usual Geyer estimate.
suppressMessages(library(loo))
dir <- "diag/testdata/loo"
fmt <- function(df, file) {
  write.csv(format(df, digits = 17), file.path(dir, file), row.names = FALSE, quote = FALSE)
}
loos <- list()
for (name in c("eight_schools", "eight_schools_pooled", "outlier_normal", "outlier_student")) {
  d <- read.csv(file.path(dir, paste0(name, ".csv")))
  chain_id <- d$chain
  ll <- as.matrix(d[, -(1:2)])
  colnames(ll) <- NULL
  r_eff <- relative_eff(exp(ll), chain_id = chain_id)
  l <- suppressWarnings(loo(ll, r_eff = r_eff))
  w <- suppressWarnings(waic(ll))
  loos[[name]] <- l
  pw <- as.data.frame(l$pointwise)
  pw$n_eff <- l$diagnostics$n_eff
  pw$r_eff <- r_eff
  fmt(pw, paste0(name, ".loo.csv"))
  fmt(as.data.frame(w$pointwise), paste0(name, ".waic.csv"))
  est <- data.frame(
    quantity = c(rownames(l$estimates), rownames(w$estimates), "mcse_elpd_loo"),
    estimate = c(l$estimates[, "Estimate"], w$estimates[, "Estimate"], loo:::mcse_loo(l)),
    se = c(l$estimates[, "SE"], w$estimates[, "SE"], NA))
  fmt(est, paste0(name, ".est.csv"))
  print(l)
}
for (pair in list(c("eight_schools", "eight_schools_pooled"), c("outlier_normal", "outlier_student"))) {
  cmp <- loo_compare(loos[pair])
  print(cmp)
  out <- data.frame(model = rownames(cmp), elpd_diff = cmp[, "elpd_diff"], se_diff = cmp[, "se_diff"],
                    elpd_loo = cmp[, "elpd_loo"], se_elpd_loo = cmp[, "se_elpd_loo"])
  fmt(out, paste0(pair[1], "-vs-", pair[2], ".compare.csv"))
}
