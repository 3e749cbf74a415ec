# Reads the CmdStan CSV files a bayesnn-go run wrote with rstan::read_stan_csv
# and checks what TestRStan (rstan_test.go) expects; prints "ok: ..." lines and
# stops with "check failed: ..." otherwise.
#   Rscript read_stan_csv.R expected.txt file1.csv file2.csv ...
# expected.txt: line 1 the number of chains and post-warm-up draws; then one
# line per chain: the step size, the metric kind and the inverse metric.
suppressPackageStartupMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
exp <- readLines(args[1])
files <- args[-1]
fail <- function(...) { cat("check failed:", ..., "\n"); quit(status = 1) }
fit <- read_stan_csv(files)
head1 <- as.integer(strsplit(exp[1], " ")[[1]])
if (fit@sim$chains != head1[1]) fail("chains", fit@sim$chains, "want", head1[1])
cat("ok: chains", fit@sim$chains, "\n")
n <- fit@sim$iter - fit@sim$warmup
if (n != head1[2]) fail("draws per chain", n, "want", head1[2])
cat("ok: post-warm-up draws per chain", n, "\n")
sp <- get_sampler_params(fit, inc_warmup = FALSE)
want_sp <- c("accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__")
for (c in seq_along(sp)) {
  if (!setequal(colnames(sp[[c]]), want_sp) || ncol(sp[[c]]) != 6) fail("sampler params", colnames(sp[[c]]))
  if (nrow(sp[[c]]) != n) fail("sampler param rows", nrow(sp[[c]]))
}
cat("ok: sampler params", colnames(sp[[1]]), "\n")
ai <- get_adaptation_info(fit)
for (c in seq_along(ai)) {
  e <- strsplit(exp[c + 1], " ")[[1]]
  lines <- strsplit(ai[[c]], "\n")[[1]]
  step <- as.numeric(sub(".*Step size = ", "", grep("Step size", lines, value = TRUE)))
  if (!isTRUE(all.equal(step, as.numeric(e[1]), tolerance = 0))) fail("chain", c, "step size", step, "want", e[1])
  kind <- e[2]
  vals <- grep("^# *[-0-9.eE, +]+$", lines, value = TRUE)
  got <- as.numeric(unlist(strsplit(gsub("^# *", "", vals), ", *")))
  want <- as.numeric(e[-(1:2)])
  if (length(got) != length(want) || any(got != want)) fail("chain", c, kind, "inverse metric", got, "want", want)
  if (kind == "dense" && !any(grepl("^# Elements of inverse mass matrix:", lines))) fail("chain", c, "no dense metric header")
  if (kind == "diag" && !any(grepl("^# Diagonal elements of inverse mass matrix:", lines))) fail("chain", c, "no diagonal metric header")
  # The adapted step size is the one in stepsize__ after warm-up.
  if (any(sp[[c]][, "stepsize__"] != step)) fail("chain", c, "stepsize__ differs from the adapted step size")
  cat("ok: chain", c, "step size", format(step, digits = 17), "and", kind, "inverse metric of", length(got), "values\n")
}
s <- summary(fit)$summary
cat("ok: summary of", nrow(s), "rows:", paste(rownames(s), collapse = " "), "\n")
print(round(s[, c("mean", "sd", "n_eff", "Rhat")], 3))
