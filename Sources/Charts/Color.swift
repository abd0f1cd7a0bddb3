import Foundation

/// An sRGB colour with components in 0...1.
public struct Color: Sendable, Equatable {
    /// Red.
    public var red: Double
    /// Green.
    public var green: Double
    /// Blue.
    public var blue: Double

    /// A colour from components.
    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from `0xRRGGBB`.
    public init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    /// `#rrggbb`.
    public var hexString: String {
        func byte(_ v: Double) -> String {
            let b = Int((min(max(v, 0), 1) * 255).rounded())
            let s = String(b, radix: 16)
            return b < 16 ? "0" + s : s
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }

    /// Relative luminance (WCAG), to choose black or white text on it.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever reads better on this colour.
    public var textColor: Color { luminance > 0.18 ? Color(hex: 0x111111) : Color(hex: 0xFFFFFF) }

    /// Linear interpolation.
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t, blue: blue + (other.blue - blue) * t)
    }
}

/// The colours charts use.
public enum Palette {
    /// Okabe and Ito's palette, distinguishable with every common colour-vision deficiency, black
    /// last (grey is kept for reference lines such as buy and hold).
    public static let series: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xCC79A7),
        Color(hex: 0x56B4E9), Color(hex: 0xD55E00), Color(hex: 0xF0E442), Color(hex: 0x000000),
    ]

    /// The grey of reference lines (buy and hold of the same bars), which no series uses.
    public static let reference = Color(hex: 0x8C8C8C)

    /// The colour of series `index` (cycling).
    public static func series(_ index: Int) -> Color { series[index % series.count] }

    /// Viridis at eleven evenly spaced points (matplotlib's table), interpolated linearly between.
    static let viridisStops: [Color] = [
        Color(hex: 0x440154), Color(hex: 0x482475), Color(hex: 0x414487), Color(hex: 0x355F8D), Color(hex: 0x2A788E),
        Color(hex: 0x21918C), Color(hex: 0x22A884), Color(hex: 0x44BF70), Color(hex: 0x7AD151), Color(hex: 0xBDDF26), Color(hex: 0xFDE725),
    ]

    /// Viridis at `t` in 0...1 (clamped): dark purple for low, yellow for high.
    public static func viridis(_ t: Double) -> Color {
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(viridisStops.count - 1)
        let i = min(Int(x), viridisStops.count - 2)
        return viridisStops[i].mixed(with: viridisStops[i + 1], x - Double(i))
    }

    /// ColorBrewer's RdBu at eleven points, red for the low end and blue for the high, near white
    /// in the middle: a diverging scale that stays readable with every common colour-vision
    /// deficiency.
    static let divergingStops: [Color] = [
        Color(hex: 0x67001F), Color(hex: 0xB2182B), Color(hex: 0xD6604D), Color(hex: 0xF4A582), Color(hex: 0xFDDBC7),
        Color(hex: 0xF7F7F7), Color(hex: 0xD1E5F0), Color(hex: 0x92C5DE), Color(hex: 0x4393C3), Color(hex: 0x2166AC), Color(hex: 0x053061),
    ]

    /// The neutral middle of the diverging scale (`diverging(0.5)`).
    public static let neutral = divergingStops[5]

    /// The diverging scale at `t` in 0...1 (clamped): dark red at 0, `neutral` at 0.5, dark blue at 1.
    public static func diverging(_ t: Double) -> Color {
        let x = min(max(t.isFinite ? t : 0.5, 0), 1) * Double(divergingStops.count - 1)
        let i = min(Int(x), divergingStops.count - 2)
        return divergingStops[i].mixed(with: divergingStops[i + 1], x - Double(i))
    }
}
