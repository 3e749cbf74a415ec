package report

// scopeClass is the class of the element that holds report content; every
// rule of css is scoped to it so that a piece displayed in a notebook does
// not restyle the notebook.
const scopeClass = "bnr"

// css is the report's inline style sheet. Every table scrolls sideways
// within the page's width (display: block with overflow-x), wherever it
// comes from (Table, Raw HTML, a diag summary shown directly), so that a
// wide table never hides its last columns (R-hat, p-values).
const css = `.bnr { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; line-height: 1.5;
  color: #1b1b1b; max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.bnr h1 { font-size: 1.9rem; border-bottom: 2px solid #1f77b4; padding-bottom: .3rem; }
.bnr h2 { font-size: 1.45rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
.bnr h3 { font-size: 1.15rem; margin-top: 1.6rem; }
.bnr code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em;
  background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
.bnr pre { background: #f6f8fa; border: 1px solid #e1e4e8; padding: .7rem 1rem; overflow-x: auto; }
.bnr pre code { background: none; padding: 0; }
.bnr figure { margin: 1.2rem 0; }
.bnr figure.plot svg, .bnr figure.plot img { max-width: 100%; height: auto; display: block; }
.bnr figcaption { font-size: .92rem; color: #555; margin: .3rem 0; }
.bnr .scroll { overflow-x: auto; }
.bnr table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums;
  display: block; max-width: 100%; overflow-x: auto; }
.bnr th, .bnr td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: right; }
.bnr th:first-child, .bnr td:first-child { text-align: left; }
.bnr thead th { border-bottom: 2px solid #999; }
.bnr .error { color: #b00020; border: 1px solid #b00020; padding: .5rem; }
.bnr nav.toc { background: #fafafa; border: 1px solid #eee; padding: .3rem 1rem; display: inline-block; }
.bnr ul.index li { margin: .4rem 0; }
`
