import Logging
import Server

/// Installs the process-wide log handler once, from the configuration.
enum LoggingSetup {
    static func bootstrap(_ configuration: GreenlightConfiguration) -> Logger {
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        switch configuration.logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = TextLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "greenlight")
        logger.logLevel = level
        return logger
    }
}
