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
