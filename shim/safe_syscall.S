/* safe_syscall.S — a host system call that cannot miss a guest signal. The pending flag is
 * tested, then the syscall instruction runs. A host signal handler that interrupts anywhere
 * after the test and up to (and including) the syscall instruction itself — where the kernel
 * leaves the PC when it restarts an interrupted call — rewinds the PC to the test (see
 * safe_syscall_rewind in sigqueue.c); the test then sees the flag and the call returns -EINTR
 * without sleeping. A signal that arrives after the syscall returned is seen by the run loop.
 *
 * long safe_syscall_base(volatile int *pending, long nr, long a1, ..., long a6) */
        .text
        .globl  safe_syscall_base
        .globl  safe_syscall_start
        .globl  safe_syscall_insn
        .type   safe_syscall_base, @function
safe_syscall_base:
        push    %rbx
        mov     %rdi, %rbx              /* the flag: callee-saved, survives the rewind */
        mov     %rsi, %rax
        mov     %rdx, %rdi
        mov     %rcx, %rsi
        mov     %r8, %rdx
        mov     %r9, %r10
        mov     16(%rsp), %r8
        mov     24(%rsp), %r9
safe_syscall_start:
        cmpl    $0, (%rbx)
        jne     1f
safe_syscall_insn:
        syscall
        pop     %rbx
        ret
1:      mov     $-4, %rax               /* -EINTR */
        pop     %rbx
        ret
        .size   safe_syscall_base, .-safe_syscall_base

/* The return path of the host handlers that the shim installs with raw rt_sigaction (the C
 * library's sigaction refuses the signal numbers it reserves, which are the guest's too). */
        .text
        .globl  sig_host_restorer
        .type   sig_host_restorer, @function
sig_host_restorer:
        mov     $15, %eax               /* rt_sigreturn */
        syscall
        .size   sig_host_restorer, .-sig_host_restorer
        .section .note.GNU-stack,"",@progbits
