import Engine
import Foundation

/// One YAML file of a study folder, read once: its bytes (for the study's digest) and its parsed
/// nodes, or the located problem that parsing found.
public struct StudyFile: Sendable {
    /// `run.yaml`, `optimization.yaml`, `variant.yaml` or `walkforward.yaml`.
    public let name: String
    /// The path as shown in messages.
    public let displayPath: String
    /// The file's bytes.
    public let bytes: Data
    /// The document's root (nil for an empty file), or why it could not be parsed.
    public let root: Result<ConfigNode?, DiagnosticList>

    /// Reads `name` in `folder`; nil when there is nothing by that name. Something there that is
    /// not a readable file (a folder, a link to nothing, a special file) is the file's problem.
    static func read(_ name: String, folder: URL, displayFolder: String) -> StudyFile? {
        let shown = "\(displayFolder)/\(name)"
        let url = folder.appendingPathComponent(name)
        let found = PathKind.check(url.path)
        if found == .nothing { return nil }
        if case .unusable(let problem) = found {
            let diagnostic = Diagnostic(
                file: shown, message: "\(name) \(problem)", hint: "a study's \(name) must be a YAML file; replace it with one, or remove it"
            )
            return StudyFile(name: name, displayPath: shown, bytes: Data(), root: .failure(DiagnosticList([diagnostic])))
        }
        guard let bytes = FileManager.default.contents(atPath: url.path) else {
            let diagnostic = Diagnostic(file: shown, message: "\(name) cannot be read", hint: "check the file's permissions")
            return StudyFile(name: name, displayPath: shown, bytes: Data(), root: .failure(DiagnosticList([diagnostic])))
        }
        return StudyFile(name: name, displayPath: shown, bytes: bytes)
    }

    /// The file `name` holding `bytes`, parsed; `displayPath` names it in messages.
    public init(name: String, displayPath: String, bytes: Data) {
        self.init(
            name: name, displayPath: displayPath, bytes: bytes,
            root: Result { try YAMLSource.parse(bytes, file: displayPath) }.mapError(DiagnosticList.init(from:)))
    }

    private init(name: String, displayPath: String, bytes: Data, root: Result<ConfigNode?, DiagnosticList>) {
        self.name = name
        self.displayPath = displayPath
        self.bytes = bytes
        self.root = root
    }
}

/// A study folder's files, each read and parsed once; the digest and every decoder share them.
public struct StudySource: Sendable {
    /// The folder name: the study's id.
    public let id: String
    /// The folder.
    public let folder: URL
    /// How the folder is named in messages.
    public let displayFolder: String
    /// run.yaml.
    public let run: StudyFile
    /// optimization.yaml, when present.
    public let optimization: StudyFile?
    /// variant.yaml, when present.
    public let variants: StudyFile?
    /// walkforward.yaml, when present.
    public let walkForward: StudyFile?

    /// Reads the study in `folder`; a missing run.yaml is an error.
    public static func read(id: String, folder: URL, displayFolder: String) throws -> StudySource {
        guard let run = StudyFile.read("run.yaml", folder: folder, displayFolder: displayFolder) else {
            throw Diagnostic(file: "\(displayFolder)/run.yaml", message: "file not found", hint: "a study folder needs a run.yaml")
        }
        return StudySource(
            id: id, folder: folder, displayFolder: displayFolder, run: run,
            optimization: StudyFile.read("optimization.yaml", folder: folder, displayFolder: displayFolder),
            variants: StudyFile.read("variant.yaml", folder: folder, displayFolder: displayFolder),
            walkForward: StudyFile.read("walkforward.yaml", folder: folder, displayFolder: displayFolder))
    }

    /// A study of files held in memory (name to bytes; run.yaml required), as if read from
    /// `folder` (paths in them start there): the fuzz targets decode studies this way.
    public init(id: String, folder: URL, displayFolder: String, files: [String: Data]) {
        func file(_ name: String) -> StudyFile? {
            files[name].map { StudyFile(name: name, displayPath: "\(displayFolder)/\(name)", bytes: $0) }
        }
        self.init(
            id: id, folder: folder, displayFolder: displayFolder,
            run: file("run.yaml") ?? StudyFile(name: "run.yaml", displayPath: "\(displayFolder)/run.yaml", bytes: Data()),
            optimization: file("optimization.yaml"), variants: file("variant.yaml"), walkForward: file("walkforward.yaml"))
    }

    init(
        id: String, folder: URL, displayFolder: String, run: StudyFile, optimization: StudyFile?, variants: StudyFile?,
        walkForward: StudyFile?
    ) {
        self.id = id
        self.folder = folder
        self.displayFolder = displayFolder
        self.run = run
        self.optimization = optimization
        self.variants = variants
        self.walkForward = walkForward
    }

    /// The files present, in a fixed order.
    public var files: [StudyFile] { [run] + [optimization, variants, walkForward].compactMap { $0 } }
}
