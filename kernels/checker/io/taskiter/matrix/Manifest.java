package io.taskiter.matrix;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the test workload's manifest (core/src/test/c/workload.c) the checker needs: which
 * process plays which role, its threads in creation order, and which fds each fd table holds. Numbers
 * are the checker's (global), but {@code nstids}: each thread's number in its own pid namespace.
 */
record Manifest(Map<String, Integer> pids, Map<Integer, List<Integer>> threads, Map<String, Integer> tids,
                Map<Integer, Integer> nstids, Map<Integer, List<Integer>> tables) {

    /** Reads up to the {@code end} line; what follows belongs to the running workload. */
    static Manifest read(BufferedReader in) throws IOException {
        Map<String, Integer> pids = new LinkedHashMap<>(), tids = new LinkedHashMap<>();
        Map<Integer, Integer> nstids = new LinkedHashMap<>();
        Map<Integer, List<Integer>> threads = new LinkedHashMap<>(), tables = new LinkedHashMap<>();
        String first = in.readLine();
        if (first == null || !first.equals("taskiter-workload 1")) throw new IOException("not a workload manifest: " + first);
        for (String line = in.readLine(); ; line = in.readLine()) {
            if (line == null) throw new IOException("the workload's manifest ended without its end line");
            if (line.equals("end")) break;
            String[] f = line.split(" ");
            switch (f[0]) {
                case "proc" -> pids.putIfAbsent(f[1], Integer.parseInt(f[2]));
                case "task" -> {
                    int tgid = Integer.parseInt(f[2]), tid = Integer.parseInt(f[3]);
                    threads.computeIfAbsent(tgid, k -> new ArrayList<>()).add(tid);
                    nstids.put(tid, Integer.parseInt(f[4]));
                    if (!f[1].equals("leader")) tids.putIfAbsent(f[1], tid);
                }
                // "fd NAME TGID TID FD ...": NAME has no spaces (the helper names its fds itself)
                case "fd" -> tables.computeIfAbsent(Integer.parseInt(f[3]), k -> new ArrayList<>()).add(Integer.parseInt(f[4]));
                default -> {
                }
            }
        }
        return new Manifest(pids, threads, tids, nstids, tables);
    }

    int pid(String role) {
        Integer p = pids.get(role);
        if (p == null) throw new IllegalStateException("no process " + role + " in the workload's manifest");
        return p;
    }

    int tid(String role) {
        Integer t = tids.get(role);
        if (t == null) throw new IllegalStateException("no thread " + role + " in the workload's manifest");
        return t;
    }
}
