// A tiny evaluator for the constant expressions that Windows SDK headers use in #define values:
// literals, casts, + - | & << >> ~, parentheses, references to other defines, and the few macros
// that build error codes. Anything else makes the define unresolvable, which is what we want.

export type CodeType = 'hresult' | 'ntstatus' | 'plain';
export interface Evaluated {
  value: number;
  type: CodeType;
}

type Token = { kind: 'num'; value: number } | { kind: 'id'; value: string } | { kind: 'op'; value: string };

const HRESULT_CASTS = new Set(['HRESULT', 'SCODE']);
const NT_CASTS = new Set(['NTSTATUS']);
const PLAIN_CASTS = new Set(['DWORD', 'LONG', 'ULONG', 'long', 'int', 'unsigned', 'UINT', 'USHORT', 'WORD', 'ULONG_PTR', 'LONG_PTR', 'u_long']);

function tokenize(s: string): Token[] | null {
  const out: Token[] = [];
  const re = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_][A-Za-z0-9_]*)|(<<|>>|[-+|&~^(),]))/y;
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    if (m[1]) out.push({ kind: 'num', value: Number(m[1].startsWith('0x') || m[1].startsWith('0X') ? m[1] : parseInt(m[1], 10)) });
    else if (m[2]) out.push({ kind: 'id', value: m[2] });
    else out.push({ kind: 'op', value: m[3]! });
    i = re.lastIndex;
  }
  return out;
}

const u32 = (n: number) => n >>> 0;

/** Evaluates a define's body, or returns null when it is not a constant we understand. */
export function evaluate(body: string, symbols: ReadonlyMap<string, Evaluated>): Evaluated | null {
  const toks = tokenize(body);
  if (!toks || toks.length === 0) return null;
  let pos = 0;
  let type: CodeType = 'plain';
  const mark = (t: CodeType) => {
    if (type === 'plain') type = t;
  };
  const peek = (o = 0) => toks[pos + o];
  const isOp = (v: string, o = 0) => peek(o)?.kind === 'op' && peek(o)?.value === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new Error(`expected ${v}`);
    pos++;
  };

  const args = (): number[] => {
    expect('(');
    const list = [expr()];
    while (isOp(',')) {
      pos++;
      list.push(expr());
    }
    expect(')');
    return list;
  };

  const call = (name: string): number => {
    const a = args();
    const one = () => {
      if (a.length !== 1) throw new Error('arity');
      return a[0]!;
    };
    switch (name) {
      case '_HRESULT_TYPEDEF_':
        mark('hresult');
        return one();
      case '_NDIS_ERROR_TYPEDEF_':
      case '__MSABI_LONG':
        return one();
      case 'MAKE_HRESULT':
      case 'MAKE_SCODE':
        if (a.length !== 3) throw new Error('arity');
        mark('hresult');
        return u32(((a[0]! & 1) << 31) | ((a[1]! & 0x1fff) << 16) | (a[2]! & 0xffff));
      case 'HRESULT_FROM_WIN32': {
        mark('hresult');
        const x = one();
        return x <= 0 ? x : u32((x & 0xffff) | (7 << 16) | 0x80000000);
      }
      case 'HRESULT_FROM_NT':
        mark('hresult');
        return u32(one() | 0x10000000);
      default:
        throw new Error(`unknown macro ${name}`);
    }
  };

  const primary = (): number => {
    const t = peek();
    if (!t) throw new Error('end');
    if (t.kind === 'num') {
      pos++;
      return t.value;
    }
    if (t.kind === 'id') {
      pos++;
      if (isOp('(')) return call(t.value);
      const s = symbols.get(t.value);
      if (!s) throw new Error(`unknown ${t.value}`);
      mark(s.type);
      return s.value;
    }
    if (isOp('(')) {
      // A cast: (TYPE) operand.
      const id = peek(1);
      if (id?.kind === 'id' && isOp(')', 2) && (HRESULT_CASTS.has(id.value) || NT_CASTS.has(id.value) || PLAIN_CASTS.has(id.value))) {
        pos += 3;
        if (HRESULT_CASTS.has(id.value)) mark('hresult');
        if (NT_CASTS.has(id.value)) mark('ntstatus');
        return unary();
      }
      pos++;
      const v = expr();
      expect(')');
      return v;
    }
    throw new Error('unexpected');
  };

  const unary = (): number => {
    if (isOp('-')) {
      pos++;
      return -unary();
    }
    if (isOp('~')) {
      pos++;
      return u32(~unary());
    }
    if (isOp('+')) {
      pos++;
      return unary();
    }
    return primary();
  };
  const binary = (ops: string[], next: () => number) => (): number => {
    let v = next();
    for (let op = peek(); op?.kind === 'op' && ops.includes(op.value); op = peek()) {
      pos++;
      const r = next();
      switch (op.value) {
        case '+': v = v + r; break;
        case '-': v = v - r; break;
        case '<<': v = u32(v << r); break;
        case '>>': v = v >>> r; break;
        case '&': v = u32(v & r); break;
        case '^': v = u32(v ^ r); break;
        default: v = u32(v | r);
      }
    }
    return v;
  };
  const add = binary(['+', '-'], unary);
  const shift = binary(['<<', '>>'], add);
  const and = binary(['&'], shift);
  const xor = binary(['^'], and);
  const expr = binary(['|'], xor);

  try {
    const value = expr();
    if (pos !== toks.length) return null;
    if (!Number.isFinite(value) || value < -0x80000000 || value > 0xffffffff) return null;
    return { value: u32(value), type };
  } catch {
    return null;
  }
}
