package report

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// CacheKey builds a key for GoNB's cache (package
// github.com/janpfeifer/gonb/cache) from everything a cached value depends
// on: the notebook's name first, then the settings, sizes and seed, e.g.
//
//	key := report.CacheKey("01_gibbs_hmc", "leapfrog", "eps", 0.01, "L", 20, "n", 1000, "seed", 2)
//	trace := cache.Cache(key, func() *samplers.Trace { ... })
//
// The parts are formatted with %v and joined with "_". The cache stores each
// value in a file named after its key, so a key must be a file name: '/',
// '\\', '*', ':', spaces and control characters (which the cache refuses or a
// file system may) become '-', and a key longer than 160 bytes is cut and
// ends with a hash of the whole. Distinct parts give distinct keys unless
// they differ only in those characters.
func CacheKey(parts ...any) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = fmt.Sprint(p)
	}
	key := strings.Map(func(r rune) rune {
		switch {
		case r < ' ' || r == 0x7f, r == '/', r == '\\', r == '*', r == ':', r == ' ', r == '?', r == '"', r == '<', r == '>', r == '|':
			return '-'
		}
		return r
	}, strings.Join(s, "_"))
	if key == "" || key == "." || key == ".." {
		key = "key" + key
	}
	if len(key) > 160 {
		h := fnv.New64a()
		h.Write([]byte(strings.Join(s, "\x00")))
		cut := 143
		for cut > 0 && key[cut]&0xc0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		key = fmt.Sprintf("%s-%016x", key[:cut], h.Sum64())
	}
	return key
}
