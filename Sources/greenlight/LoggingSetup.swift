import Logging
import Server

/// Installs the process-wide log handler once, from the configuration.
enum LoggingSetup {
    static func bootstrap(_ configuration: GreenlightConfiguration) -> Logger {
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label, format: configuration.logFormat)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "greenlight")
        logger.logLevel = level
        return logger
    }
}
