package io.taskiter.cli;

import io.taskiter.Query;
import java.util.List;

/** What the command line asks for, checked: anything that reaches here can run. */
sealed interface Invocation {

    record Help() implements Invocation {
    }

    record Version() implements Invocation {
    }

    /**
     * A walk to list.
     *
     * @param query   scope, namespace and exactly the fields the columns need
     * @param columns the columns to write, in order
     */
    record Listing<T>(Subject<T> subject, Query<T> query, List<Column<T>> columns, Engines.Choice engine,
                      Format format, boolean verbose, boolean debug) implements Invocation {
    }
}
