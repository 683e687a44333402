/** The taskiter command-line tool. */
module io.taskiter.cli {
    // transitive: the public seam (Engines, EngineOpener) speaks in the library's types
    requires transitive io.taskiter;
    exports io.taskiter.cli;
}
