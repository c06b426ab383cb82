package store

import (
	"database/sql"
	"fmt"
	"strings"
)

// sealedColumns hold sealed BLOBs although declared TEXT (0002 explains why).
var sealedColumns = map[string]bool{"pupils.given_name": true, "pupils.family_name": true, "staff.name": true}

// storageClass is the class SQLite keeps a value of a declared type in
// (what a STRICT table would enforce), "" for a type left open.
func storageClass(declared string) string {
	switch strings.ToUpper(declared) {
	case "TEXT":
		return "text"
	case "INTEGER":
		return "integer"
	case "BLOB":
		return "blob"
	}
	return ""
}

// types checks every value is stored in its column's class, as in a
// STRICT table: a damaged record header can turn a TEXT value into a BLOB
// with the very same bytes, which reads back the same and would pass.
func (v *verifier) types() {
	tables := []string{"sqlite_schema"}
	v.eachRow(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`, func(rows *sql.Rows) error {
		var name string
		err := rows.Scan(&name)
		tables = append(tables, name)
		return err
	})
	for _, table := range tables {
		if cond := v.typeCondition(table); cond != "" {
			v.eachRow(`SELECT rowid FROM "`+table+`" WHERE NOT (`+cond+`)`, func(rows *sql.Rows) error {
				var rowid int64
				err := rows.Scan(&rowid)
				v.rep.add("", 0, "row %d of %s holds a value of the wrong type", rowid, table)
				return err
			})
		}
	}
}

// typeCondition is an SQL condition true when a row of table has every
// value in its column's class (or NULL).
func (v *verifier) typeCondition(table string) string {
	var parts []string
	v.eachRow(`SELECT name, type FROM pragma_table_info(?)`, func(rows *sql.Rows) error {
		var name, declared string
		if err := rows.Scan(&name, &declared); err != nil {
			return err
		}
		class := storageClass(declared)
		if sealedColumns[table+"."+name] {
			class = "blob"
		}
		if class != "" {
			parts = append(parts, fmt.Sprintf(`typeof("%s") IN ('%s', 'null')`, name, class))
		}
		return nil
	}, table)
	return strings.Join(parts, " AND ")
}
