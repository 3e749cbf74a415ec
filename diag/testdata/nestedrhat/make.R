# Makes the nested R-hat fixture of diag/nestedrhat_test.go:
#   draws.csv     case, superchain count, chain, draw, value (17 digits)
#   expected.csv  case, sizes, nested R-hat from the paper's formulas
#                 (Margossian et al. 2024, eqs. 4-8) computed here, and from
#                 the R package posterior's rhat_nested when given.
#
#   Rscript make.R [path/to/posterior's rhat_nested.R]
#
# This script's own computation is written from the paper's formulas with
# base R's mean and var, independently of diag/nestedrhat.go. Debian's
# r-cran-posterior (1.4.0) predates rhat_nested (added in posterior 1.5.0),
# so the reference column came from sourcing the .rhat_nested function of
# stan-dev/posterior's R/rhat_nested.R (posterior >= 1.5.0) from a file
# given as the argument; that file must define
# rhat_nested_reference(x, superchain_ids) for x an iterations x chains
# matrix. Without it the column is NA.
set.seed(20240518)
ref <- NULL
args <- commandArgs(trailingOnly = TRUE)
if (length(args) > 0) {
  source(args[1])
  ref <- rhat_nested_reference
}

# Each case: K superchains of M chains of N draws; superchain k is shifted by
# shift[k] and its chains start near a common point and relax (AR(1), rho).
cases <- list(
  list(name = "shifted", K = 4, M = 8, N = 10, shift = c(0, 0.3, -0.2, 0.9), rho = 0.7),
  list(name = "one_draw", K = 5, M = 20, N = 1, shift = c(0, 0.1, 0.2, 0.3, 0.4), rho = 0),
  list(name = "one_chain_per_superchain", K = 6, M = 1, N = 15, shift = rep(0, 6), rho = 0.5),
  list(name = "mixed", K = 2, M = 50, N = 3, shift = c(0, 0), rho = 0.2),
  list(name = "stuck", K = 3, M = 4, N = 25, shift = c(-3, 0, 3), rho = 0.95)
)

nested <- function(x, K, M) {
  # x: N x (K*M) matrix, superchain k = columns (k-1)*M + 1..k*M
  N <- nrow(x)
  supmean <- numeric(K)
  within <- numeric(K)
  for (k in 1:K) {
    cols <- ((k - 1) * M + 1):(k * M)
    cm <- apply(x[, cols, drop = FALSE], 2, mean)
    supmean[k] <- mean(cm)
    Bk <- if (M > 1) sum((cm - supmean[k])^2) / (M - 1) else 0
    Wk <- if (N > 1) mean(apply(x[, cols, drop = FALSE], 2, function(v) sum((v - mean(v))^2) / (N - 1))) else 0
    within[k] <- Bk + Wk
  }
  Bnu <- sum((supmean - mean(supmean))^2) / (K - 1)
  Wnu <- mean(within)
  sqrt(1 + Bnu / Wnu)
}

rows <- list()
exp <- list()
for (cs in cases) {
  C <- cs$K * cs$M
  x <- matrix(0, cs$N, C)
  for (k in 1:cs$K) {
    start <- rnorm(1, cs$shift[k], 1)
    for (m in 1:cs$M) {
      ch <- (k - 1) * cs$M + m
      v <- start
      for (n in 1:cs$N) {
        v <- cs$shift[k] + cs$rho * (v - cs$shift[k]) + sqrt(1 - cs$rho^2) * rnorm(1)
        x[n, ch] <- v
      }
    }
  }
  for (ch in 1:C) for (n in 1:cs$N) {
    rows[[length(rows) + 1]] <- sprintf("%s,%d,%d,%d,%.17g", cs$name, cs$K, ch - 1, n - 1, x[n, ch])
  }
  r <- if (is.null(ref)) NA else ref(x, rep(1:cs$K, each = cs$M))
  exp[[length(exp) + 1]] <- sprintf("%s,%d,%d,%d,%.17g,%.17g", cs$name, cs$K, cs$M, cs$N,
                                    nested(x, cs$K, cs$M), r)
}
writeLines(c("case,superchains,chain,draw,value", unlist(rows)), "draws.csv")
writeLines(c("case,superchains,chains_per_superchain,draws,formula,posterior", unlist(exp)), "expected.csv")
