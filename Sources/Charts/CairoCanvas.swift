import CCairo
import Foundation

/// A Cairo failure, with Cairo's own description of its status.
public struct CairoError: Error, CustomStringConvertible, Equatable {
    /// What failed.
    public let operation: String
    /// Cairo's message.
    public let status: String

    public var description: String { "cairo: \(operation) failed: \(status)" }

    static func check(_ status: cairo_status_t, _ operation: String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CairoError(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }
}

/// An image surface and its drawing context, owned together and destroyed together. Not
/// Sendable: each chart is drawn start to finish on one thread with its own canvas.
final class CairoCanvas {
    private let surface: OpaquePointer
    let cr: OpaquePointer

    /// A white canvas of `width` x `height` points at `scale` pixels per point.
    init(width: Double, height: Double, scale: Double = 2) throws {
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32((width * scale).rounded()), Int32((height * scale).rounded()))
        cr = cairo_create(surface)
        try CairoError.check(cairo_surface_status(surface), "creating a \(Int(width))x\(Int(height)) surface")
        try CairoError.check(cairo_status(cr), "creating a context")
        cairo_scale(cr, scale, scale)
        // Fixed text rendering, independent of the machine's fontconfig settings, so identical
        // charts give identical bytes.
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        setColor(Color(hex: 0xFFFFFF))
        cairo_paint(cr)
        try check("painting the background")
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Throws when the context is in an error state.
    func check(_ operation: String) throws {
        try CairoError.check(cairo_status(cr), operation)
    }

    func setColor(_ c: Color, alpha: Double = 1) {
        if alpha < 1 { cairo_set_source_rgba(cr, c.red, c.green, c.blue, alpha) } else { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }
    }

    func font(size: Double, bold: Bool = false) {
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    /// Width of `text` in the current font.
    func textWidth(_ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    enum Align { case left, center, right }

    /// Draws `text` with its baseline at `y`.
    func text(_ text: String, x: Double, y: Double, align: Align = .left, color: Color = Color(hex: 0x333333)) {
        let width = align == .left ? 0 : textWidth(text)
        setColor(color)
        cairo_move_to(cr, align == .left ? x : align == .center ? x - width / 2 : x - width, y)
        cairo_show_text(cr, text)
    }

    /// `text` cut to fit `width` with an ellipsis.
    func fitted(_ text: String, width: Double) -> String {
        guard textWidth(text) > width else { return text }
        var cut = text
        while !cut.isEmpty && textWidth(cut + "…") > width { cut.removeLast() }
        return cut + "…"
    }

    /// Draws text turned a quarter left, centred on (x, y).
    func verticalText(_ text: String, x: Double, y: Double, color: Color = Color(hex: 0x333333)) {
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_rotate(cr, -Double.pi / 2)
        self.text(text, x: 0, y: 0, align: .center, color: color)
        cairo_restore(cr)
    }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: Color, width: Double = 1, dash: [Double] = []) {
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, dash, Int32(dash.count), 0)
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    func fillRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, color: Color) {
        setColor(color)
        cairo_rectangle(cr, x, y, w, h)
        cairo_fill(cr)
    }

    func strokeRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, color: Color, width: Double) {
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_rectangle(cr, x, y, w, h)
        cairo_stroke(cr)
    }

    func fillCircle(_ x: Double, _ y: Double, radius: Double, color: Color, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
        cairo_fill(cr)
    }

    /// The canvas as PNG bytes.
    func png() throws -> Data {
        try check("drawing")
        cairo_surface_flush(surface)
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(
            surface,
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(
                    contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        try CairoError.check(status, "writing PNG")
        return Data(sink.bytes)
    }
}
