# The scaling plot: gnuplot -e "data='raw/scaling.dat'; out='scaling.png'" bench/plot.gp
# Columns of data (Report.writePlotData): 1 tasks, 2 fds, then ms of: 3 C tasks, 4 bpf tasks,
# 5 procfs tasks, 6 OSHI tasks, 7 C files, 8 bpf files, 9 procfs files, 10 CLI tasks, 11 ps -eLf,
# 12 CLI files, 13 lsof, 14 C tasks process, 15 C files process.
# Log-log: the tools differ by 100x and more; straight lines of slope 1 are linear scaling.
set terminal pngcairo size 1400,600 font "sans,10"
set output out
set datafile missing "?"
set logscale xy
set grid
set key bottom right
set ylabel "walk time, ms (least of the runs)"
set multiplot layout 1,2
set title "tasks walk"
set xlabel "tasks on the host"
plot data u 1:3 w lp lw 2 t "C reader (warm)", \
     data u 1:4 w lp lw 2 t "TaskIter bpf (warm)", \
     data u 1:5 w lp t "TaskIter procfs (warm)", \
     data u 1:6 w lp t "OSHI (warm)", \
     data u 1:10 w lp dt 2 t "taskiter tasks (process)", \
     data u 1:11 w lp dt 2 t "ps -eLf (process)", \
     data u 1:14 w lp dt 2 t "C reader (process)"
set title "files walk"
set xlabel "open fds on the host"
plot data u 2:7 w lp lw 2 t "C reader (warm)", \
     data u 2:8 w lp lw 2 t "TaskIter bpf (warm)", \
     data u 2:9 w lp t "TaskIter procfs (warm)", \
     data u 2:12 w lp dt 2 t "taskiter files (process)", \
     data u 2:13 w lp dt 2 t "lsof -n -P (process)", \
     data u 2:15 w lp dt 2 t "C reader (process)"
unset multiplot
