/* enter.S — the only way into and out of generated code: saves the host's callee-saved
 * registers, pins r15 to the emu_cpu, keeps rsp 16-byte aligned for helper calls. */
        .text
        .globl  jit_enter
        .type   jit_enter, @function
jit_enter:
        push    %rbp
        push    %rbx
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        sub     $8, %rsp
        mov     %rdi, %r15
        /* generated code expects xmm0-11 = V0-V11 on entry (a64/vnative_xmm.c; v at 288) */
        movups  288(%rdi), %xmm0
        movups  304(%rdi), %xmm1
        movups  320(%rdi), %xmm2
        movups  336(%rdi), %xmm3
        movups  352(%rdi), %xmm4
        movups  368(%rdi), %xmm5
        movups  384(%rdi), %xmm6
        movups  400(%rdi), %xmm7
        movups  416(%rdi), %xmm8
        movups  432(%rdi), %xmm9
        movups  448(%rdi), %xmm10
        movups  464(%rdi), %xmm11
        jmp     *%rsi
        .size   jit_enter, .-jit_enter

        .globl  jit_exit_tramp
        .type   jit_exit_tramp, @function
jit_exit_tramp:
        add     $8, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbx
        pop     %rbp
        ret
        .size   jit_exit_tramp, .-jit_exit_tramp
        .section .note.GNU-stack,"",@progbits
