package diag

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// table returns the header and the cells of the summary table, and for each
// row whether its R-hat or ESS is flagged.
func (s *Summary) table() (head []string, rows [][]string, bad [][]bool) {
	head = []string{"param", "mean", "sd", "mcse_mean", "mcse_sd"}
	for _, p := range s.Probs {
		head = append(head, strconv.FormatFloat(100*p, 'g', 4, 64)+"%")
	}
	hdi := strconv.FormatFloat(100*s.HDIMass, 'g', 4, 64)
	head = append(head, "hdi"+hdi+"_lo", "hdi"+hdi+"_hi", "ess_bulk", "ess_tail", "rhat")
	for _, p := range s.Params {
		r := []string{p.Name, num(p.Mean), num(p.SD), num2(p.MCSEMean), num2(p.MCSESD)}
		for _, q := range p.Quantiles {
			r = append(r, num(q))
		}
		r = append(r, num(p.HDILow), num(p.HDIHigh), count(p.ESSBulk), count(p.ESSTail), rhatStr(p.RHat))
		b := make([]bool, len(r))
		n := len(r)
		b[n-3] = p.ESSBulk < s.MinESS
		b[n-2] = p.ESSTail < s.MinESS
		b[n-1] = p.RHat > s.RHatMax
		if p.Err != nil {
			b[n-3], b[n-2], b[n-1] = true, true, true
		}
		rows = append(rows, r)
		bad = append(bad, b)
	}
	return head, rows, bad
}

func num(v float64) string  { return strconv.FormatFloat(v, 'g', 4, 64) }
func num2(v float64) string { return strconv.FormatFloat(v, 'g', 2, 64) }
func count(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}
func rhatStr(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// runLine describes the run in one sentence.
func (s *Summary) runLine() string {
	l := fmt.Sprintf("%d chains × %d draws", s.NumChains, s.NumDraws)
	if s.Divergent != nil {
		var n int
		for _, d := range s.Divergent {
			n += d
		}
		l += fmt.Sprintf("; %d divergent", n)
	}
	if s.TreeDepthSaturated != nil {
		var n int
		for _, d := range s.TreeDepthSaturated {
			n += d
		}
		l += fmt.Sprintf("; %d at max tree depth %d", n, s.MaxTreeDepth)
	}
	if s.EBFMI != nil {
		l += "; E-BFMI"
		for _, e := range s.EBFMI {
			l += " " + strconv.FormatFloat(e, 'f', 2, 64)
		}
	}
	return l
}

// String returns the summary as a plain-text table for a terminal, followed
// by the warnings.
func (s *Summary) String() string {
	head, rows, _ := s.table()
	width := make([]int, len(head))
	for i, h := range head {
		width[i] = len(h)
	}
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	b.WriteString(s.runLine())
	b.WriteByte('\n')
	line := func(r []string) {
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-len([]rune(c)))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
	line(head)
	for _, r := range rows {
		line(r)
	}
	for _, w := range s.Warnings {
		b.WriteString("Warning: " + w + "\n")
	}
	return b.String()
}

// summaryCSS styles the HTML table; it is scoped to the bayesnn-diag class.
// The fragment scrolls sideways when its table is wider than the notebook
// cell or page, rather than hiding the last columns (rhat).
const summaryCSS = `.bayesnn-diag{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:13px;color:#222;max-width:100%;overflow-x:auto}
.bayesnn-diag table{border-collapse:collapse;margin:4px 0}
.bayesnn-diag th,.bayesnn-diag td{padding:2px 8px;text-align:right;font-variant-numeric:tabular-nums;border-bottom:1px solid #e3e3e3}
.bayesnn-diag th{background:#f3f4f6;border-bottom:2px solid #bbb}
.bayesnn-diag th:first-child,.bayesnn-diag td:first-child{text-align:left;font-family:ui-monospace,monospace}
.bayesnn-diag tr:hover td{background:#fafafa}
.bayesnn-diag td.bad{background:#fde2e1;color:#a40000;font-weight:bold}
.bayesnn-diag .run{color:#555;margin:2px 0}
.bayesnn-diag ul.warn{color:#8a4b00;margin:4px 0;padding-left:20px}`

// HTML returns the summary as a self-contained HTML fragment with inline CSS
// (a table, the run's statistics and the warnings); flagged R-hat and ESS
// cells are highlighted. A notebook displays it with gonbui.DisplayHTML.
func (s *Summary) HTML() string {
	head, rows, bad := s.table()
	var b strings.Builder
	b.WriteString(`<div class="bayesnn-diag"><style>` + summaryCSS + "</style>\n")
	b.WriteString(`<p class="run">` + html.EscapeString(s.runLine()) + "</p>\n<table><thead><tr>")
	for _, h := range head {
		b.WriteString("<th>" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i, r := range rows {
		b.WriteString("<tr>")
		for j, c := range r {
			if bad[i][j] {
				b.WriteString(`<td class="bad">`)
			} else {
				b.WriteString("<td>")
			}
			b.WriteString(html.EscapeString(c) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n")
	if len(s.Warnings) > 0 {
		b.WriteString(`<ul class="warn">`)
		for _, w := range s.Warnings {
			b.WriteString("<li>" + html.EscapeString(w) + "</li>")
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</div>")
	return b.String()
}
