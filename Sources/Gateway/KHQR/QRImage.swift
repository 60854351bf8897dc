import CPNG
import CQREncode
import Foundation

/// A QR code's modules, made by libqrencode (error correction level M), rendered as SVG or PNG
/// (PNG written by libpng) with the standard 4-module quiet zone.
struct QRImage: Sendable {
    /// Modules per side, without the quiet zone.
    let width: Int
    /// Row-major, true for dark.
    let modules: [Bool]
    static let quietZone = 4

    struct EncodingError: Error, CustomStringConvertible {
        let description: String
    }

    init(text: String) throws {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw EncodingError(description: "libqrencode could not encode \(text.utf8.count) bytes (errno \(errno))")
        }
        defer { QRcode_free(code) }
        let side = Int(code.pointee.width)
        width = side
        modules = (0..<side * side).map { code.pointee.data[$0] & 1 == 1 }
    }

    func isDark(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < width && modules[y * width + x]
    }

    /// An SVG, one unit per module.
    var svg: String {
        let side = width + 2 * Self.quietZone
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < width, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * 8)" height="\(side * 8)" shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    /// An 8-bit greyscale PNG, `scale` pixels per module.
    func png(scale: Int = 8) throws -> [UInt8] {
        let side = (width + 2 * Self.quietZone) * scale
        var pixels = [UInt8](repeating: 0xFF, count: side * side)
        for y in 0..<width {
            for x in 0..<width where isDark(x: x, y: y) {
                for dy in 0..<scale {
                    let row = ((y + Self.quietZone) * scale + dy) * side
                    for dx in 0..<scale { pixels[row + (x + Self.quietZone) * scale + dx] = 0 }
                }
            }
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(side)
        image.height = png_uint_32(side)
        image.format = png_uint_32(PNG_FORMAT_GRAY)
        var size: png_alloc_size_t = 0
        guard png_image_write_to_memory(&image, nil, &size, 0, pixels, 0, nil) != 0, size > 0 else {
            throw EncodingError(description: "libpng could not size the image")
        }
        var out = [UInt8](repeating: 0, count: Int(size))
        let written = out.withUnsafeMutableBytes { buffer in
            png_image_write_to_memory(&image, buffer.baseAddress, &size, 0, pixels, 0, nil)
        }
        png_image_free(&image)
        guard written != 0 else { throw EncodingError(description: "libpng could not write the image") }
        return Array(out.prefix(Int(size)))
    }
}
