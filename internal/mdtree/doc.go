// Package mdtree bounds how deeply a parsed Markdown document nests, so
// that no input nests HTML deeper than an HTML parser accepts (the one
// errdex reads pages with stops at 512 open elements).
package mdtree
