package regdiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// summary is the verdict line shared by every format.
func (r *Report) summary() string {
	if len(r.Changes) == 0 {
		return fmt.Sprintf("no changes between %s (%s) and %s (%s)", r.Base, r.BaseVersion, r.Head, r.HeadVersion)
	}
	return fmt.Sprintf("%s: %d MAJOR, %d MINOR, %d PATCH change(s) from %s (%s) to %s (%s); release as %s or later",
		r.Verdict(), r.Count(Major), r.Count(Minor), r.Count(Patch), r.Base, r.BaseVersion, r.Head, r.HeadVersion, r.Suggested())
}

// WriteText writes the human table: one change a line, then the verdict.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(r.Changes) > 0 {
		fmt.Fprintln(tw, "CLASS\tCHANGE\tITEM\tOLD -> NEW\tWHERE")
	}
	for _, c := range r.Changes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Class, c.Kind, c.Item, oldNew(c), c.Pos)
		if c.Note != "" {
			fmt.Fprintf(tw, "\t\t  %s\t\t\n", c.Note)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return r.writeVerdict(w)
}

func (r *Report) writeVerdict(w io.Writer) error {
	lines := []string{r.summary()}
	for _, p := range r.Check() {
		lines = append(lines, "FAIL: "+p)
	}
	if a := r.Advice(); a != "" {
		lines = append(lines, "note: "+a)
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

func oldNew(c Change) string {
	switch {
	case c.Old == "" && c.New == "":
		return "-"
	case c.Old == "":
		return "+ " + c.New
	case c.New == "":
		return "- " + c.Old
	}
	return c.Old + " -> " + c.New
}

// jsonReport is the --format json document.
type jsonReport struct {
	*Report
	Verdict   Class    `json:"verdict"`
	Suggested string   `json:"suggested_version"`
	OK        bool     `json:"ok"`
	Problems  []string `json:"problems"`
	Advice    string   `json:"advice,omitempty"`
}

// WriteJSON writes the report, verdict and version check as one JSON
// document.
func (r *Report) WriteJSON(w io.Writer) error {
	p := r.Check()
	if p == nil {
		p = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{r, r.Verdict(), r.Suggested(), len(p) == 0, p, r.Advice()})
}

// WriteMarkdown writes a table for a pull-request comment.
func (r *Report) WriteMarkdown(w io.Writer) error {
	fmt.Fprintf(w, "### Registry diff: %s\n\n", r.Verdict())
	if len(r.Changes) > 0 {
		fmt.Fprintln(w, "| Class | Change | Item | Old → New | Where | Note |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|")
		for _, c := range r.Changes {
			fmt.Fprintf(w, "| %s | `%s` | %s | %s | `%s` | %s |\n", c.Class, c.Kind, md(c.Item), md(oldNewMD(c)), c.Pos, md(c.Note))
		}
		fmt.Fprintln(w)
	}
	return r.writeVerdict(w)
}

func oldNewMD(c Change) string {
	switch {
	case c.Old == "":
		return "added " + c.New
	case c.New == "":
		return "removed " + c.Old
	}
	return c.Old + " → " + c.New
}

func md(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
