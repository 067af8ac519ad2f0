// A bytecode interpreter: a stack machine whose dispatch loop is a switch (a br_table in wasm), running
// a small program of nested loops with arithmetic, locals and a call/return. This is the shape of every
// embedded scripting engine: unpredictable indirect branches and a hot loop over memory-resident state.
#include <stdint.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, SHR, AND, LT, JMP, JZ, CALL, RET, DUP, DROP, HALT };

// locals: 0 = n, 1 = i, 2 = j, 3 = acc. The numbers after JMP/JZ are code indexes (noted on the left).
static const int32_t program[] = {
    /*  0 */ PUSH, 0, STORE, 1,                          // i = 0
    /*  4 */ PUSH, 0, STORE, 3,                          // acc = 0
    /*  8 */ LOAD, 1, LOAD, 0, LT, JZ, 58,               // while (i < n) {
    /* 15 */ PUSH, 0, STORE, 2,                          //   j = 0
    /* 19 */ LOAD, 2, PUSH, 16, LT, JZ, 47,              //   while (j < 16) {
    /* 26 */ LOAD, 3, LOAD, 1, LOAD, 2, MUL, CALL, -1, ADD, STORE, 3, //     acc += mix(i * j)
    /* 38 */ LOAD, 2, PUSH, 1, ADD, STORE, 2, JMP, 19,   //     j++ }
    /* 47 */ LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 8,    //   i++ }
    /* 56 */ DROP, DROP,                                 // (never reached)
    /* 58 */ LOAD, 3, HALT,                              // return acc
};

// mix(x) = ((x ^ (x >> 3)) * 2654435761) & 0xffff, a routine that CALL jumps to (its -1 target is patched)
static const int32_t mix_routine[] = {DUP, PUSH, 3, SHR, XOR, PUSH, (int32_t)2654435761u, MUL, PUSH, 0xffff, AND, RET};

static int32_t code[256];
static int code_len;

static int has_operand(int32_t op) { return op == PUSH || op == LOAD || op == STORE || op == JMP || op == JZ || op == CALL; }

static void assemble(void) {
    int n = (int)(sizeof program / sizeof program[0]);
    int m = (int)(sizeof mix_routine / sizeof mix_routine[0]);
    for (int i = 0; i < n; i++) code[i] = program[i];
    for (int i = 0; i < m; i++) code[n + i] = mix_routine[i];
    for (int i = 0; i < n; i += has_operand(code[i]) ? 2 : 1)
        if (code[i] == CALL) code[i + 1] = n;
    code_len = n + m;
}

static int32_t run(int32_t n) {
    int32_t stack[64], locals[4] = {n, 0, 0, 0};
    int32_t ret[16];
    int sp = 0, rp = 0, pc = 0;
    for (;;) {
        int32_t op = code[pc++];
        switch (op) {
            case PUSH: stack[sp++] = code[pc++]; break;
            case LOAD: stack[sp++] = locals[code[pc++]]; break;
            case STORE: locals[code[pc++]] = stack[--sp]; break;
            case ADD: sp--; stack[sp - 1] += stack[sp]; break;
            case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
            case MUL: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] * (uint32_t)stack[sp]); break;
            case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
            case SHR: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] >> stack[sp]); break;
            case AND: sp--; stack[sp - 1] &= stack[sp]; break;
            case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
            case JMP: pc = code[pc]; break;
            case JZ: { int32_t target = code[pc++]; if (!stack[--sp]) pc = target; break; }
            case CALL: ret[rp++] = pc + 1; pc = code[pc]; break;
            case RET: pc = ret[--rp]; break;
            case DUP: stack[sp] = stack[sp - 1]; sp++; break;
            case DROP: sp--; break;
            case HALT: return stack[sp - 1];
            default: return -1;
        }
    }
}

__attribute__((export_name("bench"))) uint64_t bench(int n) {
    if (!code_len) assemble();
    return (uint64_t)(uint32_t)run(n) << 8 ^ (uint64_t)code_len;
}
