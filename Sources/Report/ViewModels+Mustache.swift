import Mustache

// Key lookup for the view models that repeat by the thousand (table cells and rows), so that
// rendering does not go through reflection: with Mirror, a 10,000-run study's pages took seconds.
// An absent optional answers `false`, not nil: nil would send the lookup up through every
// enclosing context (each one reflected), once per table cell.

extension CellView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "value": value
        case "best": best
        case "negative": negative
        case "link": link.map { $0 as Any } ?? false
        default: nil
        }
    }
}

extension RowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "cells": cells
        case "failed": failed
        case "unranked": unranked
        case "anchor": anchor.map { $0 as Any } ?? false
        default: nil
        }
    }
}

extension ColumnView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "numeric": numeric
        case "descending": descending
        default: nil
        }
    }
}

extension TableView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "caption": caption
        case "columns": columns
        case "rows": rows
        case "note": note.map { $0 as Any } ?? false
        case "source": source.map { $0 as Any } ?? false
        default: nil
        }
    }
}

extension PairView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": value
        default: nil
        }
    }
}

extension MonthlyView.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "year": year
        case "months": months
        case "total": total
        default: nil
        }
    }
}

extension CellLinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "label": label
        case "style": style
        default: nil
        }
    }
}
