// Package errdex is the domain of the errdex documentation generator: the
// sources that document API error codes (Source), the rows scraped from them
// (Entry, Skip, Harvest), and the canonical model they merge into (Catalog,
// Code, Meaning, Wording) with the kinds of disagreement it flags.
//
// # Same meaning
//
// Merge groups the rows of one (platform, code) into meanings with Compare,
// which decides whether two texts (a Chinese and an English message, either
// possibly empty) state the same meaning. It is a lexical measure:
//
//   - normalize: Unicode width, case, HTML entities, Markdown escapes,
//     variant characters (帐/账), spaces and punctuation (Fold);
//   - canonicalize with a small table of equivalent phrasings
//     (不合法/非法/无效, 缺少/缺失, "the lack of"/"missing", "does not
//     exist"/"not found", 不安全的访问IP/访问IP不在白名单, …);
//   - two messages in one language are the same when they are equal, when
//     one contains the other (Chinese: the shorter as a subsequence of the
//     longer in at most three runs, which covers truncation and inserted
//     qualifiers; English: a subset of the content words, in any order), or
//     when their headlines, the text before the first comma or full stop,
//     are; a word substituted on both sides (按钮个数/按钮类型) makes them
//     different;
//   - both languages are compared where both texts have them, and the texts
//     are the same when either says so; texts that share no language are
//     Unknown, not different.
//
// The meanings of a code are the connected groups of its rows under Compare,
// after a canonical sort, so the catalog does not depend on the order of the
// harvests. Rows left in different meanings are a conflict: of scopes,
// of sources, or of rows of one source. docs/similarity.md explains the
// choice and reports accuracy, precision and recall on pairs labeled from
// the snapshots (testdata/pairs.tsv).
//
// The package imports nothing else from the project. Package scrape turns
// snapshots into Harvests; package render turns a Catalog into a site.
package errdex
