# Golden source for AsmGoldenTest.everyConditionalJumpForwardAndBackwardAcrossAWideLoad.
# Labels resolve only in an object file, so assemble, then dump the bytes:
# llvm-mc-19 -triple=bpfel -mcpu=v4 -filetype=obj jumps.s -o jumps.o
# llvm-objcopy-19 -O binary --only-section=.text jumps.o jumps.bin
back:
if r1 == 5 goto fwd
if r1 == r2 goto fwd
if r1 != 5 goto fwd
if r1 != r2 goto fwd
if r1 > 5 goto fwd
if r1 > r2 goto fwd
if r1 >= 5 goto fwd
if r1 >= r2 goto fwd
if r1 < 5 goto fwd
if r1 < r2 goto fwd
if r1 <= 5 goto fwd
if r1 <= r2 goto fwd
if r1 s> -5 goto fwd
if r1 s> r2 goto fwd
if r1 s>= -5 goto fwd
if r1 s>= r2 goto fwd
if r1 s< -5 goto fwd
if r1 s< r2 goto fwd
if r1 s<= -5 goto fwd
if r1 s<= r2 goto fwd
if r1 & 8 goto fwd
if r1 & r2 goto fwd
r3 = 0x100000000 ll
if w3 == 5 goto back
if w3 == w4 goto back
if w3 != 5 goto back
if w3 != w4 goto back
if w3 > 5 goto back
if w3 > w4 goto back
if w3 >= 5 goto back
if w3 >= w4 goto back
if w3 < 5 goto back
if w3 < w4 goto back
if w3 <= 5 goto back
if w3 <= w4 goto back
if w3 s> -5 goto back
if w3 s> w4 goto back
if w3 s>= -5 goto back
if w3 s>= w4 goto back
if w3 s< -5 goto back
if w3 s< w4 goto back
if w3 s<= -5 goto back
if w3 s<= w4 goto back
if w3 & 8 goto back
if w3 & w4 goto back
goto back
fwd:
goto self
self:
r0 = 0
exit
