package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.Name;
import io.taskiter.OpenFile;
import io.taskiter.Task;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void headerThenOneRowPerTask() {
        Task kthread = new Task(2, 2, 0, Name.of("kthreadd"), null, 0, 0, 0, 0, true, 1,
                null, null, null, null, null, null, null, null, null);
        String out = Cli.run(FakeSource.of("procfs", List.of(FakeSource.task(1, 1, "init"), kthread)), "tasks", "--format", "csv").out();
        assertThat(out).isEqualTo("""
                tid,tgid,ppid,comm,state,uid,gid,euid,egid,kthread,threads,start_ns,utime_ns,stime_ns,rss_bytes,vsz_bytes,pidns,nstid,cgroup,exe
                1,1,1,init,S,1000,1000,1000,1000,false,2,1500000000,250000000,10000000,5242880,209715200,4026531836,1,/user.slice,/usr/bin/init
                2,2,0,kthreadd,,0,0,0,0,true,1,,,,,,,,,
                """);
    }

    @Test
    void files() {
        String out = Cli.run(FakeSource.of("procfs", List.of(FakeSource.file(100, 3, Name.of("/etc/passwd")))),
                "files", "--format", "csv").out();
        assertThat(out).isEqualTo("tgid,tid,fd,type,path,flags,pos,inode,dev,size\n"
                + "100,100,3,REG,/etc/passwd,32770,42,1234,259:2,4096\n");
    }

    @Test
    void hostileNamesStayOnOneLineAndAreQuotedByTheRfc() {
        String out = Cli.run(FakeSource.of("procfs", Hostile.tasks().subList(0, 11)), "tasks", "--format", "csv",
                "--fields", "tid,comm").out();
        assertThat(out).isEqualTo("""
                tid,comm
                1,a\\nb
                2,tab\\there
                3,"say ""hi\"""
                4,"a,b"
                5,back\\\\slash
                6,\\x1b[31mred
                7,x\\xffy\\xc3
                8,h\u00e9llo \u2713\ud83d\ude00
                9,cr\\rhere
                10,csi\\xc2\\x9b2J
                11,""
                """);
    }

    @Test
    void absentNameIsAnEmptyFieldUnlikeAnEmptyName() {
        OpenFile noPath = new OpenFile(1, 1, 0, null, null, null, null, null, null, null);
        OpenFile emptyPath = new OpenFile(1, 1, 1, null, Hostile.EMPTY, null, null, null, null, null);
        String out = Cli.run(FakeSource.of("procfs", List.of(noPath, emptyPath)), "files", "--format", "csv",
                "--fields", "fd,path").out();
        assertThat(out).isEqualTo("fd,path\n0,\n1,\"\"\n");
    }

    @Test
    void everyNameRoundTripsThroughTheDocumentedEscapes() {
        List<Name> names = new ArrayList<>(Hostile.ALL);
        names.addAll(Hostile.random(300));
        List<OpenFile> files = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) files.add(FakeSource.file(1, i, names.get(i)));
        Cli.Result r = Cli.run(FakeSource.of("procfs", files), "files", "--format", "csv", "--fields", "fd,path");
        List<String> lines = r.outLines();
        assertThat(lines).hasSize(names.size() + 1);
        for (int i = 0; i < names.size(); i++) {
            String line = lines.get(i + 1);
            assertThat(line.chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
            List<String> fields = rfc4180(line);
            assertThat(fields).hasSize(2);
            assertThat(fields.getFirst()).isEqualTo(Integer.toString(i));
            assertThat(unescape(fields.get(1))).as("line %d: %s", i, line).isEqualTo(names.get(i).bytes());
        }
    }

    /** Splits one record as RFC 4180 reads it. */
    static List<String> rfc4180(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote in %s", line).isFalse();
        out.add(cur.toString());
        return out;
    }

    /** The inverse of the documented escaping: \\ \n \r \t \xHH, everything else as its UTF-8. */
    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp != '\\') {
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
                continue;
            }
            char e = s.charAt(i + 1);
            switch (e) {
                case '\\' -> out.write('\\');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 2;
                }
                default -> throw new AssertionError("unknown escape \\" + e + " in " + s);
            }
            i += 2;
        }
        return out.toByteArray();
    }
}
