import Charts
import Engine

/// Models the templates render. Every number is already text; `value` carries the raw number a
/// sortable column sorts by.

/// A column of a sortable table.
struct ColumnView {
    let title: String
    let numeric: Bool
    /// Sorted descending first (higher is better) on the first click.
    let descending: Bool
}

/// One cell.
struct CellView {
    let text: String
    let value: String
    let best: Bool
    let negative: Bool
    let link: String?

    init(text: String, value: String, best: Bool = false, negative: Bool = false, link: String? = nil) {
        self.text = text
        self.value = value
        self.best = best
        self.negative = negative
        self.link = link
    }
}

/// One row.
struct RowView {
    let cells: [CellView]
    let failed: Bool
    let unranked: Bool
    /// The row's id, for links to it (`run-N` in a grid's results table).
    var anchor: String? = nil
}

/// A sortable table.
struct TableView {
    let id: String
    let caption: String
    let columns: [ColumnView]
    let rows: [RowView]
    let note: String?
    /// The script with every row, for a table the page shows in part (a grid's results).
    var source: String? = nil
}

/// A name and a value, for summaries.
struct PairView {
    let name: String
    let value: String
}

/// A chart on a page.
struct ImageView {
    let src: String
    let alt: String
    let width: Int
    let height: Int
}

/// The parts every page has.
struct PageView {
    let title: String
    /// Relative path to the site's root ("", "../", "../../").
    let root: String
    let crumbs: [PairView]
}

/// A failed run with its error.
struct FailureView {
    let run: String
    let error: String
}
