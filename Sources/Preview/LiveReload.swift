import Foundation

/// What `serve` adds to every HTML page it serves, and only there (the built files never hold
/// it): a banner with the last build's errors, and a script that listens to the server's events,
/// reloads the page when a build changed the site, and shows errors and running builds.
public enum LiveReload {
    /// The path of the server-sent events.
    public static let eventsPath = "/__backlab/events"
    /// The path of the status as JSON.
    public static let statusPath = "/__backlab/status"
    /// The id of the banner element.
    public static let bannerID = "backlab-serve-status"

    /// `html` with the banner after `<body ...>` and the script before `</body>` (or at the
    /// start and the end, for a page without them).
    public static func inject(into html: Data, status: PreviewState.Status) -> Data {
        var page = html
        let script = Data(scriptTag(status).utf8)
        if let close = page.range(of: Data("</body>".utf8), options: .backwards) {
            page.insert(contentsOf: script, at: close.lowerBound)
        } else {
            page.append(script)
        }
        let banner = Data(bannerTag(status).utf8)
        if let open = page.range(of: Data("<body".utf8)), let end = page[open.upperBound...].firstIndex(of: UInt8(ascii: ">")) {
            page.insert(contentsOf: banner, at: end + 1)
        } else {
            page.insert(contentsOf: banner, at: page.startIndex)
        }
        return page
    }

    /// The banner as the server renders it; the script keeps it up to date.
    static func bannerTag(_ status: PreviewState.Status) -> String {
        let style =
            "position:fixed;left:0;right:0;top:0;z-index:2147483647;margin:0;padding:0.6em 1em;max-height:50vh;overflow:auto;"
            + "background:#fff0f0;color:#8a1010;border-bottom:2px solid #c62828;font:13px/1.4 monospace;white-space:pre-wrap;"
        let hidden = status.errors.isEmpty ? " hidden" : ""
        return "<div id=\"\(bannerID)\" role=\"alert\" style=\"\(style)\"\(hidden)>\(escape(bannerText(status.errors)))</div>"
    }

    /// The banner's text for `errors` ("" when there are none).
    static func bannerText(_ errors: [String]) -> String {
        guard !errors.isEmpty else { return "" }
        return "backlab serve: the last build failed. These pages are from the last good build.\n\n" + errors.joined(separator: "\n")
    }

    static func scriptTag(_ status: PreviewState.Status) -> String {
        """
        <script id="backlab-live-reload">
        (function () {
          var served = \(PreviewState.json(status));
          var intro = "backlab serve: the last build failed. These pages are from the last good build.\\n\\n";
          function show(status) {
            var banner = document.getElementById("\(bannerID)");
            if (banner) {
              banner.textContent = status.errors.length ? intro + status.errors.join("\\n") : "";
              banner.hidden = status.errors.length === 0;
            }
            var badge = document.getElementById("backlab-serve-building");
            if (status.building && !badge) {
              badge = document.createElement("div");
              badge.id = "backlab-serve-building";
              badge.textContent = "rebuilding\\u2026";
              badge.style.cssText = "position:fixed;right:1em;bottom:1em;z-index:2147483647;padding:0.3em 0.8em;" +
                "background:#263238;color:#fff;border-radius:4px;font:13px sans-serif;opacity:0.85";
              document.body.appendChild(badge);
            } else if (!status.building && badge) {
              badge.remove();
            }
          }
          if (!window.EventSource) return;
          // Only a visible page listens: a browser opens six connections to a server at most, and
          // a tab in the background would hold one. A page shown again hears the status at once.
          var events = null;
          function listen() {
            if (events) return;
            events = new EventSource("\(eventsPath)");
            events.addEventListener("status", function (message) {
              var status = JSON.parse(message.data);
              if (status.instance !== served.instance || status.lastChange > served.generation) {
                events.close();
                location.reload();
                return;
              }
              show(status);
            });
          }
          document.addEventListener("visibilitychange", function () {
            if (document.hidden && events) {
              events.close();
              events = null;
            } else if (!document.hidden) {
              listen();
            }
          });
          if (!document.hidden) listen();
        })();
        </script>

        """
    }

    /// Text made safe for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
