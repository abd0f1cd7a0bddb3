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
    /// Okabe and Ito's palette, distinguishable with every common colour-vision deficiency
    /// (black left out: it is the axes' colour).
    public static let series: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xCC79A7),
        Color(hex: 0x56B4E9), Color(hex: 0xD55E00), Color(hex: 0xF0E442), Color(hex: 0x999999),
    ]

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
}
