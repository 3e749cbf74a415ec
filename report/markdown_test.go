package report

import "testing"

// TestMarkdown (issue 21, item 11): prose in Text's markup becomes
// Markdown that a notebook renders as Text does: "v* … v*" is not
// emphasis, "$1000 … $2000" not mathematics; code and bold are kept.
func TestMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"above v* = 2·log(ε/2). Below v* trajectories":      `above v\* = 2·log(ε/2). Below v\* trajectories`,
		"MEDV ($1000) and $2000":                            `MEDV (\$1000) and \$2000`,
		"**bold v*** and `a*b_c $x`":                        "**bold v**\\* and `a*b_c $x`", // as Text reads it
		"log_tau and _x_ and a <b> [link](u) | pipe, s < 1": `log_tau and \_x\_ and a \<b> \[link\](u) | pipe, s < 1`,
		"1. not a list\n# not a heading\n> no quote":        "1\\. not a list\n\\# not a heading\n\\> no quote",
		"para\n---":                      "para\n\\---",
		"- item *x\n- item two":          `- item \*x` + "\n- item two",
		"```\nx := a*b // $\n```\ntext*": "```\nx := a*b // $\n```\ntext\\*",
		"intro\n\n    code *p\n\nafter":  "intro\n\n    code *p\n\nafter",
		"p(y* | x*, data)":               `p(y\* | x\*, data)`,
	} {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
