#!/usr/bin/env python3
# tests/risu/risugen.py: generates random but valid A64 instruction sequences, from a seed, as one
# assembly file of functions that risu_main.c seeds, runs and dumps (in the spirit of ARM's risu).
"""Usage: risugen.py --seed S --count N [--category int,ldst,fp,simd | mix] [--length L] -o batch.S

Each sequence runs with x28 pinned to the middle of a 64 KiB scratch buffer (loads and stores use
it as their base) and never touches sp. Encodings the architecture calls UNPREDICTABLE or
CONSTRAINED (load pairs into one register, writeback onto the base register, exclusives, unaligned
acquire/release) are never generated.
"""
import argparse
import random

CATEGORIES = ("int", "ldst", "fp", "simd")

# x28 is the buffer base and is written only by writeback addressing.
GPR = [n for n in range(31) if n != 28]
CONDS = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"]


class Gen:
    def __init__(self, rng):
        self.r = rng

    # --- operands -------------------------------------------------------------------------
    def pick(self, seq):
        return self.r.choice(seq)

    def reg(self, w):
        return ("w%d" if w else "x%d") % self.pick(GPR)

    def reg_or_zr(self, w):
        # The zero register is a valid source in the shifted-register forms only.
        if self.r.random() < 0.08:
            return "wzr" if w else "xzr"
        return self.reg(w)

    def width(self):
        return self.r.random() < 0.4

    def cond(self):
        return self.pick(CONDS)

    def bitmask_imm(self, size):
        e = self.pick([s for s in (2, 4, 8, 16, 32, 64) if s <= size])
        ones = self.r.randint(1, e - 1)
        rot = self.r.randint(0, e - 1)
        pat = (1 << ones) - 1
        pat = ((pat >> rot) | (pat << (e - rot))) & ((1 << e) - 1)
        v = 0
        for i in range(size // e):
            v |= pat << (i * e)
        return v

    def fp_imm(self):
        n = self.r.randint(16, 31)
        e = self.r.randint(-3, 4)
        v = n / 16.0 * 2.0 ** e
        return repr(-v if self.r.random() < 0.5 else v)

    def vreg(self, limit=32):
        return self.r.randrange(limit)

    # --- integer data processing ------------------------------------------------------------
    def int_insn(self):
        w = self.width()
        size = 32 if w else 64
        d, n, m = self.reg(w), self.reg(w), self.reg_or_zr(w)
        kind = self.r.randrange(17)
        if kind == 0:
            op = self.pick(["add", "adds", "sub", "subs"])
            sh = self.pick(["lsl", "lsr", "asr"])
            return ["%s %s, %s, %s, %s #%d" % (op, d, n, m, sh, self.r.randrange(size))]
        if kind == 1:
            op = self.pick(["add", "adds", "sub", "subs"])
            imm = self.r.randrange(4096)
            shift = ", lsl #12" if self.r.random() < 0.3 else ""
            return ["%s %s, %s, #%d%s" % (op, d, n, imm, shift)]
        if kind == 2:
            op = self.pick(["add", "adds", "sub", "subs"])
            ext = self.pick(["uxtb", "uxth", "uxtw", "sxtb", "sxth", "sxtw", "uxtx", "sxtx"])
            mreg = self.reg(w or ext[-1] != "x")
            if w and ext[-1] == "x":
                ext = "uxtw"
            return ["%s %s, %s, %s, %s #%d" % (op, d, n, mreg, ext, self.r.randrange(5))]
        if kind == 3:
            op = self.pick(["adc", "adcs", "sbc", "sbcs"])
            if self.r.random() < 0.2:
                return ["%s %s, %s" % (self.pick(["ngc", "ngcs"]), d, m)]
            return ["%s %s, %s, %s" % (op, d, n, m)]
        if kind == 4:
            op = self.pick(["and", "orr", "eor", "bic", "orn", "eon", "ands", "bics"])
            sh = self.pick(["lsl", "lsr", "asr", "ror"])
            return ["%s %s, %s, %s, %s #%d" % (op, d, n, m, sh, self.r.randrange(size))]
        if kind == 5:
            op = self.pick(["and", "orr", "eor", "ands"])
            return ["%s %s, %s, #0x%x" % (op, d, n, self.bitmask_imm(size))]
        if kind == 6:
            op = self.pick(["movz", "movn", "movk"])
            return ["%s %s, #0x%x, lsl #%d" % (op, d, self.r.randrange(65536), 16 * self.r.randrange(size // 16))]
        if kind == 7:
            lsb = self.r.randrange(size)
            wid = self.r.randint(1, size - lsb)
            op = self.pick(["ubfx", "sbfx", "bfi", "bfxil", "ubfiz", "sbfiz"])
            return ["%s %s, %s, #%d, #%d" % (op, d, n, lsb, wid)]
        if kind == 8:
            op = self.pick(["lsl", "lsr", "asr", "ror"])
            if self.r.random() < 0.5:
                return ["%s %s, %s, #%d" % (op, d, n, self.r.randrange(size))]
            return ["%s %s, %s, %s" % (op, d, n, m)]
        if kind == 9:
            if self.r.random() < 0.5:
                op = self.pick(["sxtb", "sxth", "sxtw", "uxtb", "uxth"])
                # sxtb/sxth write a W or X register, sxtw only X, uxtb/uxth only W; the source is W.
                dst = self.reg(False) if op == "sxtw" else self.reg(True) if op[0] == "u" else self.reg(w)
                return ["%s %s, %s" % (op, dst, self.reg(True))]
            return ["extr %s, %s, %s, #%d" % (d, n, m, self.r.randrange(size))]
        if kind == 10:
            ops = ["rbit", "rev", "rev16", "clz", "cls"] + ([] if w else ["rev32"])
            return ["%s %s, %s" % (self.pick(ops), d, n)]
        if kind == 11:
            c = self.cond()
            op = self.pick(["csel", "csinc", "csinv", "csneg", "cset", "csetm", "cinc", "cinv", "cneg"])
            if op in ("cset", "csetm"):
                return ["%s %s, %s" % (op, d, c)]
            if op in ("cinc", "cinv", "cneg"):
                return ["%s %s, %s, %s" % (op, d, n, c)]
            return ["%s %s, %s, %s, %s" % (op, d, n, m, c)]
        if kind == 12:
            op = self.pick(["ccmp", "ccmn"])
            b = "#%d" % self.r.randrange(32) if self.r.random() < 0.5 else m
            return ["%s %s, %s, #%d, %s" % (op, n, b, self.r.randrange(16), self.cond())]
        if kind == 13:
            op = self.pick(["madd", "msub", "mul", "mneg"])
            if op in ("mul", "mneg"):
                return ["%s %s, %s, %s" % (op, d, n, m)]
            return ["%s %s, %s, %s, %s" % (op, d, n, m, self.reg(w))]
        if kind == 14:
            xd, xa = self.reg(False), self.reg(False)
            wn, wm = self.reg(True), self.reg(True)
            op = self.pick(["smaddl", "umaddl", "smsubl", "umsubl", "smull", "umull", "smnegl", "umnegl",
                            "smulh", "umulh"])
            if op in ("smulh", "umulh"):
                return ["%s %s, %s, %s" % (op, xd, self.reg(False), self.reg(False))]
            if op in ("smull", "umull", "smnegl", "umnegl"):
                return ["%s %s, %s, %s" % (op, xd, wn, wm)]
            return ["%s %s, %s, %s, %s" % (op, xd, wn, wm, xa)]
        if kind == 15:
            return ["%s %s, %s, %s" % (self.pick(["udiv", "sdiv"]), d, n, m)]
        op = self.pick(["cmp", "cmn", "tst"])
        if op == "tst" and self.r.random() < 0.5:
            return ["tst %s, #0x%x" % (n, self.bitmask_imm(size))]
        if op != "tst" and self.r.random() < 0.5:
            return ["%s %s, #%d" % (op, n, self.r.randrange(4096))]
        return ["%s %s, %s" % (op, n, m)]

    # --- loads and stores to the scratch buffer ----------------------------------------------
    def ldst_insn(self):
        kind = self.r.randrange(8)
        sizes = [("x", 8, "ldr", "str"), ("w", 4, "ldr", "str"), ("w", 2, "ldrh", "strh"), ("w", 1, "ldrb", "strb")]
        rt_w, sz, ld, st = self.pick(sizes)
        load = self.r.random() < 0.55
        rt = self.reg(rt_w == "w") if load else self.reg_or_zr(rt_w == "w")
        op = ld if load else st
        if load and sz < 8 and self.r.random() < 0.3:
            op = {4: "ldrsw", 2: "ldrsh", 1: "ldrsb"}[sz]
            rt = self.reg(False) if op == "ldrsw" else self.reg(self.width())
        if kind == 0:
            return ["%s %s, [x28, #%d]" % (op, rt, sz * self.r.randrange(min(4096, 8192 // sz)))]
        if kind == 1:
            unscaled = op.replace("ldr", "ldur").replace("str", "stur")
            return ["%s %s, [x28, #%d]" % (unscaled, rt, self.r.randint(-256, 255))]
        if kind == 2:
            # Writeback moves the base by multiples of 16 so acquire/release stay aligned.
            imm = 16 * self.r.randint(-16, 15)
            if self.r.random() < 0.5:
                return ["%s %s, [x28, #%d]!" % (op, rt, imm)]
            return ["%s %s, [x28], #%d" % (op, rt, imm)]
        if kind == 3:
            idx = self.pick([g for g in GPR if "%d" % g != rt[1:]])
            scale = {8: 3, 4: 2, 2: 1, 1: 0}[sz]
            # The index is masked first, so that even scaled by 8 it stays inside the buffer.
            setup = "and x%d, x%d, #0x3ff" % (idx, idx)
            mode = self.pick(["plain", "lsl", "uxtw", "sxtw", "sxtx"])
            if mode == "plain":
                addr = "[x28, x%d]" % idx
            elif mode == "lsl":
                addr = "[x28, x%d, lsl #%d]" % (idx, scale)
            else:
                amount = " #%d" % scale if self.r.random() < 0.5 else ""
                addr = "[x28, %s%d, %s%s]" % ("x" if mode == "sxtx" else "w", idx, mode, amount)
            return [setup, "%s %s, %s" % (op, rt, addr)]
        if kind in (4, 5):
            w = self.width()
            psz = 4 if w else 8
            a = self.pick(GPR)
            b = self.pick([g for g in GPR if g != a])
            reg = (lambda n: "w%d" % n) if w else (lambda n: "x%d" % n)
            if self.r.random() < 0.5:
                pop = "ldp"
                if not w and self.r.random() < 0.25:
                    pop, reg, psz = "ldpsw", (lambda n: "x%d" % n), 4
            else:
                pop = "stp"
            form = self.r.randrange(3)
            if form == 0:
                return ["%s %s, %s, [x28, #%d]" % (pop, reg(a), reg(b), psz * self.r.randint(-64, 63))]
            imm = 16 * self.r.randint(-4, 3)
            if form == 1:
                return ["%s %s, %s, [x28, #%d]!" % (pop, reg(a), reg(b), imm)]
            return ["%s %s, %s, [x28], #%d" % (pop, reg(a), reg(b), imm)]
        if kind == 6:
            op = self.pick(["ldar", "stlr", "ldarb", "stlrb", "ldarh", "stlrh"])
            w = op.endswith(("b", "h")) or self.width()
            r_ = self.reg(w) if op.startswith("ld") else self.reg_or_zr(w)
            return ["%s %s, [x28]" % (op, r_)]
        # load-modify-store through a computed address inside the buffer
        t = self.pick(GPR)
        a = self.pick([g for g in GPR if g != t])
        return ["and x%d, x%d, #0xff8" % (a, a), "add x%d, x28, x%d" % (a, a),
                "ldr x%d, [x%d, #8]" % (t, a), "add x%d, x%d, #%d" % (t, t, self.r.randrange(4096)),
                "str x%d, [x%d], #16" % (t, a)]

    # --- branches forward, inside the sequence ------------------------------------------------
    def branch_insn(self, label):
        kind = self.r.randrange(4)
        if kind == 0:
            return "b.%s %s" % (self.cond(), label)
        if kind == 1:
            return "%s %s, %s" % (self.pick(["cbz", "cbnz"]), self.reg(self.width()), label)
        if kind == 2:
            w = self.width()
            return "%s %s, #%d, %s" % (self.pick(["tbz", "tbnz"]), self.reg(w), self.r.randrange(32 if w else 64), label)
        return "b %s" % label

    # --- scalar floating point ---------------------------------------------------------------
    def fp_insn(self):
        p = self.pick("sd")
        d, n, m, a = ("%s%d" % (p, self.vreg()) for _ in range(4))
        kind = self.r.randrange(14)
        if kind == 0:
            op = self.pick(["fadd", "fsub", "fmul", "fdiv", "fnmul", "fmax", "fmin", "fmaxnm", "fminnm", "fabd"])
            return ["%s %s, %s, %s" % (op, d, n, m)]
        if kind == 1:
            op = self.pick(["fabs", "fneg", "fsqrt", "frintn", "frintp", "frintm", "frintz", "frinta", "frintx",
                            "frinti", "fmov"])
            return ["%s %s, %s" % (op, d, n)]
        if kind == 2:
            return ["%s %s, %s, %s, %s" % (self.pick(["fmadd", "fmsub", "fnmadd", "fnmsub"]), d, n, m, a)]
        if kind == 3:
            op = self.pick(["fcmp", "fcmpe"])
            return ["%s %s, %s" % (op, n, "#0.0" if self.r.random() < 0.3 else m)]
        if kind == 4:
            return ["%s %s, %s, #%d, %s" % (self.pick(["fccmp", "fccmpe"]), n, m, self.r.randrange(16), self.cond())]
        if kind == 5:
            return ["fcsel %s, %s, %s, %s" % (d, n, m, self.cond())]
        if kind == 6:
            pairs = [("s", "d"), ("d", "s"), ("h", "s"), ("h", "d"), ("s", "h"), ("d", "h")]
            pd, pn = self.pick(pairs)
            return ["fcvt %s%d, %s%d" % (pd, self.vreg(), pn, self.vreg())]
        if kind == 7:
            op = "fcvt%s%s" % (self.pick("znpma"), self.pick("su"))
            return ["%s %s, %s" % (op, self.reg(self.width()), n)]
        if kind == 8:
            w = self.width()
            return ["%s %s, %s, #%d" % (self.pick(["fcvtzs", "fcvtzu"]), self.reg(w), n,
                                        self.r.randint(1, 32 if w else 64))]
        if kind == 9:
            w = self.width()
            if self.r.random() < 0.5:
                return ["%s %s, %s" % (self.pick(["scvtf", "ucvtf"]), d, self.reg(w))]
            return ["%s %s, %s, #%d" % (self.pick(["scvtf", "ucvtf"]), d, self.reg(w), self.r.randint(1, 32 if w else 64))]
        if kind == 10:
            return ["fmov %s, #%s" % (d, self.fp_imm())]
        if kind == 11:
            if p == "s":
                return [self.pick(["fmov %s, %s" % (self.reg(True), n), "fmov %s, %s" % (d, self.reg(True))])]
            return [self.pick(["fmov %s, %s" % (self.reg(False), n), "fmov %s, %s" % (d, self.reg(False)),
                               "fmov x%d, v%d.d[1]" % (self.pick(GPR), self.vreg()),
                               "fmov v%d.d[1], x%d" % (self.vreg(), self.pick(GPR))])]
        if kind == 12:
            op = self.pick(["frecpe", "frsqrte", "frecpx"])
            if self.r.random() < 0.5:
                return ["%s %s, %s" % (op, d, n)]
            return ["%s %s, %s, %s" % (self.pick(["frecps", "frsqrts", "fmulx"]), d, n, m)]
        if kind == 13:
            op = self.pick(["fcmeq", "fcmge", "fcmgt", "facge", "facgt"])
            if op.startswith("fc") and self.r.random() < 0.4:
                op = self.pick(["fcmeq", "fcmge", "fcmgt", "fcmle", "fcmlt"])
                return ["%s %s, %s, #0.0" % (op, d, n)]
            return ["%s %s, %s, %s" % (op, d, n, m)]
        raise AssertionError

    # --- SIMD ----------------------------------------------------------------------------------
    def v(self, t, limit=32):
        return "v%d.%s" % (self.vreg(limit), t)

    def simd_int_insn(self):
        all_t = ["8b", "16b", "4h", "8h", "2s", "4s", "2d"]
        no_d = all_t[:-1]
        kind = self.r.randrange(20)
        if kind == 0:
            op = self.pick(["add", "sub", "cmeq", "cmgt", "cmge", "cmhi", "cmhs", "cmtst", "sqadd", "uqadd",
                            "sqsub", "uqsub", "sshl", "ushl", "srshl", "urshl", "sqshl", "uqshl", "sqrshl",
                            "uqrshl", "addp"])
            t = self.pick(all_t)
            return ["%s %s, %s, %s" % (op, self.v(t), self.v(t), self.v(t))]
        if kind == 1:
            op = self.pick(["mul", "mla", "mls", "shadd", "uhadd", "srhadd", "urhadd", "shsub", "uhsub", "smax",
                            "smin", "umax", "umin", "sabd", "uabd", "saba", "uaba", "smaxp", "sminp", "umaxp",
                            "uminp"])
            t = self.pick(no_d)
            return ["%s %s, %s, %s" % (op, self.v(t), self.v(t), self.v(t))]
        if kind == 2:
            op = self.pick(["and", "orr", "eor", "bic", "orn", "bsl", "bit", "bif"])
            t = self.pick(["8b", "16b"])
            return ["%s %s, %s, %s" % (op, self.v(t), self.v(t), self.v(t))]
        if kind == 3:
            op = self.pick(["sqdmulh", "sqrdmulh"])
            t = self.pick(["4h", "8h", "2s", "4s"])
            return ["%s %s, %s, %s" % (op, self.v(t), self.v(t), self.v(t))]
        if kind == 4:
            op = self.pick(["abs", "neg", "sqabs", "sqneg", "suqadd", "usqadd", "cmeq0", "cmgt0", "cmge0", "cmle0",
                            "cmlt0"])
            t = self.pick(all_t)
            if op.endswith("0"):
                return ["%s %s, %s, #0" % (op[:-1], self.v(t), self.v(t))]
            return ["%s %s, %s" % (op, self.v(t), self.v(t))]
        if kind == 5:
            choices = [("cnt", ["8b", "16b"]), ("not", ["8b", "16b"]), ("rbit", ["8b", "16b"]),
                       ("rev16", ["8b", "16b"]), ("rev32", ["8b", "16b", "4h", "8h"]), ("rev64", no_d),
                       ("clz", no_d), ("cls", no_d)]
            op, ts = self.pick(choices)
            t = self.pick(ts)
            return ["%s %s, %s" % (op, self.v(t), self.v(t))]
        if kind == 6:
            t = self.pick(all_t)
            esize = {"b": 8, "h": 16, "s": 32, "d": 64}[t[-1]]
            op = self.pick(["shl", "sshr", "ushr", "ssra", "usra", "srshr", "urshr", "srsra", "ursra", "sri", "sli",
                            "sqshl", "uqshl", "sqshlu"])
            if op in ("shl", "sli", "sqshl", "uqshl", "sqshlu"):
                sh = self.r.randrange(esize)
            else:
                sh = self.r.randint(1, esize)
            return ["%s %s, %s, #%d" % (op, self.v(t), self.v(t), sh)]
        if kind == 7:
            nt, wt = self.pick([("8b", "8h"), ("4h", "4s"), ("2s", "2d")])
            nt2 = {"8b": "16b", "4h": "8h", "2s": "4s"}[nt]
            esize = {"b": 8, "h": 16, "s": 32}[nt[-1]]
            two = self.r.random() < 0.4
            if self.r.random() < 0.5:
                op = self.pick(["shrn", "rshrn", "sqshrn", "uqshrn", "sqrshrn", "uqrshrn", "sqshrun", "sqrshrun"])
                return ["%s%s %s, %s, #%d" % (op, "2" if two else "", self.v(nt2 if two else nt), self.v(wt),
                                               self.r.randint(1, esize))]
            op = self.pick(["xtn", "sqxtn", "uqxtn", "sqxtun"])
            return ["%s%s %s, %s" % (op, "2" if two else "", self.v(nt2 if two else nt), self.v(wt))]
        if kind == 8:
            nt, wt = self.pick([("8b", "8h"), ("4h", "4s"), ("2s", "2d")])
            nt2 = {"8b": "16b", "4h": "8h", "2s": "4s"}[nt]
            esize = {"b": 8, "h": 16, "s": 32}[nt[-1]]
            two = self.r.random() < 0.4
            src = nt2 if two else nt
            sfx = "2" if two else ""
            k = self.r.randrange(4)
            if k == 0:
                return ["%s%s %s, %s, #%d" % (self.pick(["sshll", "ushll"]), sfx, self.v(wt), self.v(src),
                                               self.r.randrange(esize))]
            if k == 1:
                op = self.pick(["saddl", "uaddl", "ssubl", "usubl", "smull", "umull", "smlal", "umlal", "smlsl",
                                "umlsl", "sabdl", "uabdl", "sabal", "uabal"])
                return ["%s%s %s, %s, %s" % (op, sfx, self.v(wt), self.v(src), self.v(src))]
            if k == 2:
                op = self.pick(["saddw", "uaddw", "ssubw", "usubw"])
                return ["%s%s %s, %s, %s" % (op, sfx, self.v(wt), self.v(wt), self.v(src))]
            op = self.pick(["addhn", "raddhn", "subhn", "rsubhn"])
            return ["%s%s %s, %s, %s" % (op, sfx, self.v(src), self.v(wt), self.v(wt))]
        if kind == 9:
            nt, wt = self.pick([("4h", "4s"), ("2s", "2d")])
            two = self.r.random() < 0.4
            src = {"4h": "8h", "2s": "4s"}[nt] if two else nt
            op = self.pick(["sqdmull", "sqdmlal", "sqdmlsl"])
            return ["%s%s %s, %s, %s" % (op, "2" if two else "", self.v(wt), self.v(src), self.v(src))]
        if kind == 10:
            op = self.pick(["saddlp", "uaddlp", "sadalp", "uadalp"])
            src, dst = self.pick([("8b", "4h"), ("16b", "8h"), ("4h", "2s"), ("8h", "4s"), ("2s", "1d"), ("4s", "2d")])
            return ["%s %s, %s" % (op, self.v(dst), self.v(src))]
        if kind == 11:
            t, scal = self.pick([("8b", "b"), ("16b", "b"), ("4h", "h"), ("8h", "h"), ("4s", "s")])
            op = self.pick(["addv", "smaxv", "sminv", "umaxv", "uminv", "saddlv", "uaddlv"])
            if op.endswith("lv"):
                scal = {"b": "h", "h": "s", "s": "d"}[scal]
            return ["%s %s%d, %s" % (op, scal, self.vreg(), self.v(t))]
        if kind == 12:
            op = self.pick(["zip1", "zip2", "uzp1", "uzp2", "trn1", "trn2"])
            t = self.pick(all_t)
            return ["%s %s, %s, %s" % (op, self.v(t), self.v(t), self.v(t))]
        if kind == 13:
            q = self.r.random() < 0.6
            t = "16b" if q else "8b"
            return ["ext %s, %s, %s, #%d" % (self.v(t), self.v(t), self.v(t), self.r.randrange(16 if q else 8))]
        if kind == 14:
            q = self.r.random() < 0.6
            t = "16b" if q else "8b"
            nregs = self.r.randint(1, 4)
            first = self.r.randrange(33 - nregs)
            lst = ", ".join("v%d.16b" % (first + i) for i in range(nregs))
            return ["%s %s, {%s}, %s" % (self.pick(["tbl", "tbx"]), self.v(t), lst, self.v(t))]
        if kind == 15:
            e = self.pick("bhsd")
            lanes = {"b": 16, "h": 8, "s": 4, "d": 2}[e]
            t = self.pick({"b": ["8b", "16b"], "h": ["4h", "8h"], "s": ["2s", "4s"], "d": ["2d"]}[e])
            k = self.r.randrange(5)
            if k == 0:
                return ["dup %s, v%d.%s[%d]" % (self.v(t), self.vreg(), e, self.r.randrange(lanes))]
            if k == 1:
                return ["dup %s, %s" % (self.v(t), self.reg(e != "d"))]
            if k == 2:
                return ["mov v%d.%s[%d], v%d.%s[%d]" % (self.vreg(), e, self.r.randrange(lanes), self.vreg(), e,
                                                       self.r.randrange(lanes))]
            if k == 3:
                return ["mov v%d.%s[%d], %s" % (self.vreg(), e, self.r.randrange(lanes), self.reg(e != "d"))]
            if e == "d":
                return ["umov %s, v%d.d[%d]" % (self.reg(False), self.vreg(), self.r.randrange(2))]
            if e == "s" or self.r.random() < 0.5:
                return ["umov %s, v%d.%s[%d]" % (self.reg(True), self.vreg(), e, self.r.randrange(lanes))]
            return ["smov %s, v%d.%s[%d]" % (self.reg(self.width()), self.vreg(), e, self.r.randrange(lanes))]
        if kind == 16:
            k = self.r.randrange(5)
            if k == 0:
                return ["movi %s, #0x%x" % (self.v(self.pick(["8b", "16b"])), self.r.randrange(256))]
            if k == 1:
                mask = 0
                for i in range(8):
                    if self.r.random() < 0.5:
                        mask |= 0xff << (8 * i)
                return [self.pick(["movi v%d.2d, #0x%x" % (self.vreg(), mask), "movi d%d, #0x%x" % (self.vreg(), mask)])]
            if k == 2:
                t = self.pick(["2s", "4s"])
                op = self.pick(["movi", "mvni", "orr", "bic"])
                return ["%s %s, #0x%x, lsl #%d" % (op, self.v(t), self.r.randrange(256), 8 * self.r.randrange(4))]
            if k == 3:
                t = self.pick(["4h", "8h"])
                op = self.pick(["movi", "mvni", "orr", "bic"])
                return ["%s %s, #0x%x, lsl #%d" % (op, self.v(t), self.r.randrange(256), 8 * self.r.randrange(2))]
            t = self.pick(["2s", "4s"])
            return ["%s %s, #0x%x, msl #%d" % (self.pick(["movi", "mvni"]), self.v(t), self.r.randrange(256),
                                               self.pick([8, 16]))]
        if kind == 17:
            e, lanes, ts = self.pick([("h", 8, ["4h", "8h"]), ("s", 4, ["2s", "4s"])])
            t = self.pick(ts)
            op = self.pick(["mul", "mla", "mls", "sqdmulh", "sqrdmulh"])
            limit = 16 if e == "h" else 32
            return ["%s %s, %s, v%d.%s[%d]" % (op, self.v(t), self.v(t), self.vreg(limit), e, self.r.randrange(lanes))]
        if kind == 18:
            e, lanes, nt, wt = self.pick([("h", 8, "4h", "4s"), ("s", 4, "2s", "2d")])
            two = self.r.random() < 0.4
            src = {"4h": "8h", "2s": "4s"}[nt] if two else nt
            op = self.pick(["smull", "umull", "smlal", "umlal", "smlsl", "umlsl", "sqdmull"])
            limit = 16 if e == "h" else 32
            return ["%s%s %s, %s, v%d.%s[%d]" % (op, "2" if two else "", self.v(wt), self.v(src), self.vreg(limit), e,
                                                 self.r.randrange(lanes))]
        # scalar forms of vector integer operations
        k = self.r.randrange(4)
        if k == 0:
            p = self.pick("bhsd")
            op = self.pick(["sqadd", "uqadd", "sqsub", "uqsub", "sqshl", "uqshl", "sqrshl", "uqrshl"])
            return ["%s %s%d, %s%d, %s%d" % (op, p, self.vreg(), p, self.vreg(), p, self.vreg())]
        if k == 1:
            op = self.pick(["add", "sub", "cmeq", "cmgt", "cmhi", "cmtst", "sshl", "ushl"])
            return ["%s d%d, d%d, d%d" % (op, self.vreg(), self.vreg(), self.vreg())]
        if k == 2:
            return ["%s d%d, d%d, #%d" % (self.pick(["shl", "sli"]), self.vreg(), self.vreg(), self.r.randrange(64))]
        return ["addp d%d, v%d.2d" % (self.vreg(), self.vreg())]

    def simd_fp_insn(self):
        t = self.pick(["2s", "4s", "2d"])
        kind = self.r.randrange(12)
        if kind == 0:
            op = self.pick(["fadd", "fsub", "fmul", "fdiv", "fmla", "fmls", "fmax", "fmin", "fmaxnm", "fminnm", "fabd",
                            "faddp", "fmaxp", "fminp", "fmaxnmp", "fminnmp", "fmulx", "frecps", "frsqrts", "fcmeq",
                            "fcmge", "fcmgt", "facge", "facgt"])
            return ["%s %s, %s, %s" % (op, self.v(t), self.v(t), self.v(t))]
        if kind == 1:
            op = self.pick(["fabs", "fneg", "fsqrt", "frecpe", "frsqrte", "frintn", "frintm", "frintp", "frintz",
                            "frinta", "frintx", "frinti", "fcvtzs", "fcvtzu", "fcvtns", "fcvtnu", "fcvtms", "fcvtmu",
                            "fcvtps", "fcvtpu", "fcvtas", "fcvtau", "scvtf", "ucvtf"])
            return ["%s %s, %s" % (op, self.v(t), self.v(t))]
        if kind == 2:
            esize = 64 if t == "2d" else 32
            op = self.pick(["fcvtzs", "fcvtzu", "scvtf", "ucvtf"])
            return ["%s %s, %s, #%d" % (op, self.v(t), self.v(t), self.r.randint(1, esize))]
        if kind == 3:
            op = self.pick(["fcmeq", "fcmge", "fcmgt", "fcmle", "fcmlt"])
            return ["%s %s, %s, #0.0" % (op, self.v(t), self.v(t))]
        if kind == 4:
            k = self.r.randrange(6)
            two = self.r.random() < 0.5
            sfx = "2" if two else ""
            if k == 0:
                return ["fcvtl%s %s, %s" % (sfx, self.v("4s"), self.v("8h" if two else "4h"))]
            if k == 1:
                return ["fcvtl%s %s, %s" % (sfx, self.v("2d"), self.v("4s" if two else "2s"))]
            if k == 2:
                return ["fcvtn%s %s, %s" % (sfx, self.v("8h" if two else "4h"), self.v("4s"))]
            if k == 3:
                return ["fcvtn%s %s, %s" % (sfx, self.v("4s" if two else "2s"), self.v("2d"))]
            if k == 4:
                return ["fcvtxn%s %s, %s" % (sfx, self.v("4s" if two else "2s"), self.v("2d"))]
            return ["fcvtxn s%d, d%d" % (self.vreg(), self.vreg())]
        if kind == 5:
            op = self.pick(["fmaxv", "fminv", "fmaxnmv", "fminnmv"])
            return ["%s s%d, %s" % (op, self.vreg(), self.v("4s"))]
        if kind == 6:
            e, lanes = ("d", 2) if t == "2d" else ("s", 4)
            op = self.pick(["fmla", "fmls", "fmul", "fmulx"])
            return ["%s %s, %s, v%d.%s[%d]" % (op, self.v(t), self.v(t), self.vreg(), e, self.r.randrange(lanes))]
        if kind == 7:
            return ["fmov %s, #%s" % (self.v(t), self.fp_imm())]
        if kind == 8:
            p = self.pick("sd")
            return ["%s %s%d, v%d.%s" % (self.pick(["faddp", "fmaxp", "fminp", "fmaxnmp", "fminnmp"]), p, self.vreg(),
                                         self.vreg(), "2s" if p == "s" else "2d")]
        if kind == 9:
            u = self.pick(["2s", "4s"])
            return ["%s %s, %s" % (self.pick(["urecpe", "ursqrte"]), self.v(u), self.v(u))]
        if kind == 10:
            e, lanes = ("d", 2) if t == "2d" else ("s", 4)
            p = "d" if t == "2d" else "s"
            op = self.pick(["fmla", "fmls", "fmul", "fmulx"])
            return ["%s %s%d, %s%d, v%d.%s[%d]" % (op, p, self.vreg(), p, self.vreg(), self.vreg(), e,
                                                   self.r.randrange(lanes))]
        return ["%s %s, %s, %s" % (self.pick(["fmla", "fmls", "fadd", "fmul"]), self.v(t), self.v(t), self.v(t))]

    def simd_ldst_insn(self):
        kind = self.r.randrange(6)
        t = self.pick(["8b", "16b", "4h", "8h", "2s", "4s", "2d"])
        if kind == 0:
            n = self.r.randint(1, 4)
            first = self.r.randrange(33 - n)
            lst = ", ".join("v%d.%s" % (first + i, t) for i in range(n))
            return ["%s {%s}, [x28]" % (self.pick(["ld1", "st1"]), lst)]
        if kind == 1:
            n = self.r.randint(2, 4)
            first = self.r.randrange(33 - n)
            lst = ", ".join("v%d.%s" % (first + i, t) for i in range(n))
            op = self.pick(["ld", "st"]) + str(n)
            return ["%s {%s}, [x28]" % (op, lst)]
        if kind == 2:
            e = self.pick("bhsd")
            lanes = {"b": 16, "h": 8, "s": 4, "d": 2}[e]
            n = self.r.randint(1, 4)
            first = self.r.randrange(33 - n)
            lst = ", ".join("v%d.%s" % (first + i, e) for i in range(n))
            return ["%s%d {%s}[%d], [x28]" % (self.pick(["ld", "st"]), n, lst, self.r.randrange(lanes))]
        if kind == 3:
            n = self.r.randint(1, 4)
            first = self.r.randrange(33 - n)
            lst = ", ".join("v%d.%s" % (first + i, t) for i in range(n))
            return ["ld%dr {%s}, [x28]" % (n, lst)]
        if kind == 4:
            p, sz = self.pick([("b", 1), ("h", 2), ("s", 4), ("d", 8), ("q", 16)])
            op = self.pick(["ldr", "str"])
            if self.r.random() < 0.5:
                return ["%s %s%d, [x28, #%d]" % (op, p, self.vreg(), sz * self.r.randrange(min(4096, 8192 // sz)))]
            return ["%s %s%d, [x28, #%d]" % (op.replace("ldr", "ldur").replace("str", "stur"), p, self.vreg(),
                                             self.r.randint(-256, 255))]
        p, sz = self.pick([("s", 4), ("d", 8), ("q", 16)])
        a = self.vreg()
        b = self.pick([i for i in range(32) if i != a])
        return ["%s %s%d, %s%d, [x28, #%d]" % (self.pick(["ldp", "stp"]), p, a, p, b, sz * self.r.randint(-64, 63))]

    def simd_insn(self):
        k = self.r.random()
        if k < 0.5:
            return self.simd_int_insn()
        if k < 0.85:
            return self.simd_fp_insn()
        return self.simd_ldst_insn()

    # --- a sequence -------------------------------------------------------------------------------
    def sequence(self, cats, length, label_prefix):
        makers = {"int": self.int_insn, "ldst": self.ldst_insn, "fp": self.fp_insn, "simd": self.simd_insn}
        lines = []
        pending = []  # (instructions still to emit before the label, label)
        nlabel = 0
        for _ in range(length):
            if "int" in cats and self.r.random() < 0.07:
                label = "%s_%d" % (label_prefix, nlabel)
                nlabel += 1
                lines.append(self.branch_insn(label))
                pending.append([self.r.randint(1, 3), label])
            cat = self.pick(cats)
            lines.extend(makers[cat]())
            for p in pending:
                p[0] -= 1
            for p in [p for p in pending if p[0] <= 0]:
                lines.append("%s:" % p[1])
                pending.remove(p)
        for p in pending:
            lines.append("%s:" % p[1])
        return lines


PROLOGUE = r"""// Generated by tests/risu/risugen.py: seed %(seed)d, %(count)d sequences, categories %(cats)s.
// Each seq_N takes a struct risu_state * (see risu_main.c), runs with it loaded, and stores back.
    .arch armv8-a

    .macro SEQ_BEGIN
    stp x29, x30, [sp, #-176]!
    stp x19, x20, [sp, #16]
    stp x21, x22, [sp, #32]
    stp x23, x24, [sp, #48]
    stp x25, x26, [sp, #64]
    stp x27, x28, [sp, #80]
    stp d8, d9, [sp, #96]
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    str x0, [sp, #160]
    ldr x1, [x0, #248]
    msr nzcv, x1
    ldr x1, [x0, #256]
    msr fpcr, x1
    msr fpsr, xzr
    add x1, x0, #272
    ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1], #64
    ld1 {v4.16b, v5.16b, v6.16b, v7.16b}, [x1], #64
    ld1 {v8.16b, v9.16b, v10.16b, v11.16b}, [x1], #64
    ld1 {v12.16b, v13.16b, v14.16b, v15.16b}, [x1], #64
    ld1 {v16.16b, v17.16b, v18.16b, v19.16b}, [x1], #64
    ld1 {v20.16b, v21.16b, v22.16b, v23.16b}, [x1], #64
    ld1 {v24.16b, v25.16b, v26.16b, v27.16b}, [x1], #64
    ld1 {v28.16b, v29.16b, v30.16b, v31.16b}, [x1], #64
    ldp x2, x3, [x0, #16]
    ldp x4, x5, [x0, #32]
    ldp x6, x7, [x0, #48]
    ldp x8, x9, [x0, #64]
    ldp x10, x11, [x0, #80]
    ldp x12, x13, [x0, #96]
    ldp x14, x15, [x0, #112]
    ldp x16, x17, [x0, #128]
    ldp x18, x19, [x0, #144]
    ldp x20, x21, [x0, #160]
    ldp x22, x23, [x0, #176]
    ldp x24, x25, [x0, #192]
    ldp x26, x27, [x0, #208]
    ldp x29, x30, [x0, #232]
    adrp x28, risu_mem + 32768
    add x28, x28, :lo12:risu_mem + 32768
    ldp x0, x1, [x0]
    .endm

    .macro SEQ_END
    str x27, [sp, #168]
    ldr x27, [sp, #160]
    stp x0, x1, [x27]
    stp x2, x3, [x27, #16]
    stp x4, x5, [x27, #32]
    stp x6, x7, [x27, #48]
    stp x8, x9, [x27, #64]
    stp x10, x11, [x27, #80]
    stp x12, x13, [x27, #96]
    stp x14, x15, [x27, #112]
    stp x16, x17, [x27, #128]
    stp x18, x19, [x27, #144]
    stp x20, x21, [x27, #160]
    stp x22, x23, [x27, #176]
    stp x24, x25, [x27, #192]
    str x26, [x27, #208]
    str x28, [x27, #224]
    stp x29, x30, [x27, #232]
    ldr x0, [sp, #168]
    str x0, [x27, #216]
    mrs x0, nzcv
    str x0, [x27, #248]
    mrs x0, fpcr
    str x0, [x27, #256]
    mrs x0, fpsr
    str x0, [x27, #264]
    add x0, x27, #272
    st1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64
    st1 {v4.16b, v5.16b, v6.16b, v7.16b}, [x0], #64
    st1 {v8.16b, v9.16b, v10.16b, v11.16b}, [x0], #64
    st1 {v12.16b, v13.16b, v14.16b, v15.16b}, [x0], #64
    st1 {v16.16b, v17.16b, v18.16b, v19.16b}, [x0], #64
    st1 {v20.16b, v21.16b, v22.16b, v23.16b}, [x0], #64
    st1 {v24.16b, v25.16b, v26.16b, v27.16b}, [x0], #64
    st1 {v28.16b, v29.16b, v30.16b, v31.16b}, [x0], #64
    msr fpcr, xzr
    msr fpsr, xzr
    ldp x19, x20, [sp, #16]
    ldp x21, x22, [sp, #32]
    ldp x23, x24, [sp, #48]
    ldp x25, x26, [sp, #64]
    ldp x27, x28, [sp, #80]
    ldp d8, d9, [sp, #96]
    ldp d10, d11, [sp, #112]
    ldp d12, d13, [sp, #128]
    ldp d14, d15, [sp, #144]
    ldp x29, x30, [sp], #176
    ret
    .endm

    .text
"""


def generate(seed, count, cats, length):
    rng = random.Random(seed)
    g = Gen(rng)
    out = [PROLOGUE % {"seed": seed, "count": count, "cats": ",".join(cats)}]
    for i in range(count):
        body = g.sequence(cats, rng.randint(max(1, length // 2), length), ".Ls%d" % i)
        out.append("    .balign 16\n    .global seq_%d\n    .type seq_%d, %%function\nseq_%d:\n    SEQ_BEGIN\n"
                   "    .global seqbody_%d\nseqbody_%d:\n" % (i, i, i, i, i))
        out.extend(("%s\n" % l) if l.endswith(":") else ("    %s\n" % l) for l in body)
        out.append("    .global seqend_%d\nseqend_%d:\n    SEQ_END\n    .size seq_%d, .-seq_%d\n\n" % (i, i, i, i))
    out.append("    .section .rodata\n    .balign 8\n    .global risu_sequences\nrisu_sequences:\n")
    for i in range(count):
        out.append("    .quad seq_%d\n" % i)
    fp = int(any(c in ("fp", "simd") for c in cats))
    out.append("    .global risu_count\nrisu_count:\n    .quad %d\n" % count)
    out.append("    .global risu_fp_controls\nrisu_fp_controls:\n    .quad %d\n" % fp)
    out.append("    .section .note.GNU-stack,\"\",%progbits\n")
    return "".join(out)


def parse_categories(text):
    cats = list(CATEGORIES) if text == "mix" else text.split(",")
    for c in cats:
        if c not in CATEGORIES:
            raise SystemExit("unknown category %r (choose from %s or mix)" % (c, ", ".join(CATEGORIES)))
    return cats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--category", default="mix")
    ap.add_argument("--length", type=int, default=16, help="maximum instructions per sequence")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    text = generate(args.seed, args.count, parse_categories(args.category), args.length)
    with open(args.output, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
