package main

import (
	"encoding/json"
	"fmt"
)

// notebook is the part of the nbformat 4 document that nbcheck reads.
type notebook struct {
	NBFormat int    `json:"nbformat"`
	Cells    []cell `json:"cells"`
}

// cell is one notebook cell.
type cell struct {
	CellType       string        `json:"cell_type"`
	Source         multilineText `json:"source"`
	ExecutionCount *int          `json:"execution_count"`
	Outputs        []output      `json:"outputs"`
}

// output is one output of a code cell.
type output struct {
	OutputType string        `json:"output_type"`
	Name       string        `json:"name"` // "stdout" or "stderr" for streams
	Text       multilineText `json:"text"`
	EName      string        `json:"ename"`
	EValue     string        `json:"evalue"`
}

// multilineText is nbformat's multiline string: either one string or a list
// of strings to be concatenated.
type multilineText string

func (t *multilineText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = multilineText(s)
		return nil
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		return fmt.Errorf("multiline text is neither a string nor a list of strings: %s", truncate(string(b), 40))
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	buf := make([]byte, 0, n)
	for _, p := range parts {
		buf = append(buf, p...)
	}
	*t = multilineText(buf)
	return nil
}

// parseNotebook decodes an .ipynb document.
func parseNotebook(data []byte) (*notebook, error) {
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	if nb.NBFormat != 4 {
		return nil, fmt.Errorf("nbformat %d is not supported (want 4)", nb.NBFormat)
	}
	return &nb, nil
}

// truncate shortens s to at most n bytes, marking a cut with "...".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
