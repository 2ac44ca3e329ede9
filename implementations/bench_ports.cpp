// Throughput of the instructions (and instruction pairs) the 2:4 kernels are built from, in
// inline asm so no compiler copies or spills interfere. Each loop is timed against vfmadd231ps
// zmm (two per cycle on cores with two 512-bit FMA ports), the two interleaved 21 times;
// printed: the median ratio × 2 = instructions per cycle, and its IQR. The figures quoted in
// nm/sparse_gemm_nm_int8.hpp, nm/sparse_gemm_nm_fp16.hpp and docs/nm/cpu-kernels.md come from
// this program. Loops whose ISA this CPU lacks are skipped with a message.
//   claimbench_bench_ports
#include <algorithm>
#include <chrono>
#include <string_view>
#include <cstdio>
#include <vector>

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

constexpr long kIterations = 2000000;
alignas(64) char buf[64 * 64];
// Kept-weight entries for the fp16 2:4 pattern: {weight pair, B row offset} × 12.
alignas(64) unsigned entries[24] = {0x3c003c00, 0,    0x3c003c00, 1024, 0x3c003c00, 512,  0x3c003c00, 1536,
                                    0x3c003c00, 0,    0x3c003c00, 512,  0x3c003c00, 1024, 0x3c003c00, 1536,
                                    0x3c003c00, 512,  0x3c003c00, 1536, 0x3c003c00, 0,    0x3c003c00, 1024};
alignas(64) char panel[4 * 512 + 64 * 8];

#define CLOBBERS                                                                                                     \
  "memory", "rcx", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", \
      "xmm12", "xmm13", "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23",     \
      "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31"
#define LOOP(body)                                                                                                   \
  [] {                                                                                                               \
    long n = kIterations;                                                                                            \
    __asm__ volatile("vpxord %%zmm12, %%zmm12, %%zmm12\n vpxord %%zmm13, %%zmm13, %%zmm13\n"                       \
                     "vpxord %%zmm14, %%zmm14, %%zmm14\n vpxord %%zmm30, %%zmm30, %%zmm30\n 1:\n" body               \
                     "dec %0\n jnz 1b"                                                                               \
                     : "+r"(n)                                                                                       \
                     : "r"(buf), "r"(entries), "r"(panel)                                                            \
                     : CLOBBERS);                                                                                    \
  }
#define R12(op) op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11)
#define R8(op) op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7)
#define FMA_PS(i) "vfmadd231ps %%zmm12, %%zmm13, %%zmm" #i "\n"
#define FMA_PH(i) "vfmadd231ph %%zmm12, %%zmm13, %%zmm" #i "\n"
#define FMA_PH_MEM(i) "vfmadd231ph " #i "*64(%1), %%zmm13, %%zmm" #i "\n"
#define FMA_PH_BCST(i) "vfmadd231ph " #i "*2(%1)%{1to32%}, %%zmm13, %%zmm" #i "\n"
#define BCST_W(i) "vpbroadcastw " #i "*2(%1), %%zmm" #i "\n"
#define DP_Z(i) "vpdpbusd %%zmm12, %%zmm13, %%zmm" #i "\n"
#define DP_Y(i) "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm" #i "\n"
#define SHUF_Z(i) "vpshufb %%zmm12, %%zmm13, %%zmm" #i "\n"
#define SHUF_Y(i) "vpshufb %%ymm12, %%ymm13, %%ymm" #i "\n"
#define PERMB(i) "vpermb %%zmm12, %%zmm13, %%zmm" #i "\n"
#define PERMT2B(i) "vpermt2b %%zmm12, %%zmm13, %%zmm" #i "\n"
#define MSHIFT(i) "vpmultishiftqb %%zmm12, %%zmm13, %%zmm" #i "\n"
#define PAIR_Z(i) "vpshufb %%zmm12, %%zmm13, %%zmm15\n vpdpbusd %%zmm14, %%zmm15, %%zmm" #i "\n"
#define PAIR_Y(i) "vpshufb %%ymm12, %%ymm13, %%ymm15\n %{vex%} vpdpbusd %%ymm14, %%ymm15, %%ymm" #i "\n"
// The 2:4 inner loops: per kept weight an offset load, a broadcast of the weight (fp16: a 32-bit
// weight pair) and 8 FMAs whose B operands are loaded at that offset; 3 rows × 8 accumulators.
// B is the address form of those loads; SETUP runs after the broadcast.
#define KEPT_AS(BCAST, FMA, SETUP, B, e, a0, a1, a2, a3, a4, a5, a6, a7)                                              \
  "mov " #e "*8+4(%2), %%ecx\n " BCAST " " #e "*8(%2), %%zmm31\n" SETUP                                             \
  FMA " 0" B ", %%zmm31, %%zmm" #a0 "\n " FMA " 64" B ", %%zmm31, %%zmm" #a1 "\n"                                    \
  FMA " 128" B ", %%zmm31, %%zmm" #a2 "\n " FMA " 192" B ", %%zmm31, %%zmm" #a3 "\n"                                 \
  FMA " 256" B ", %%zmm31, %%zmm" #a4 "\n " FMA " 320" B ", %%zmm31, %%zmm" #a5 "\n"                                 \
  FMA " 384" B ", %%zmm31, %%zmm" #a6 "\n " FMA " 448" B ", %%zmm31, %%zmm" #a7 "\n"
// fp16 (nm fp16 3×256).
#define KEPT(...) KEPT_AS("vpbroadcastd", "vfmadd231ph", "", "(%3,%%rcx)", __VA_ARGS__)
// fp32 (nm_stream_ukr 3×128), once with base+index B addresses and once with one base register
// per kept weight (what the kernel does; both run alike here).
#define KEPT_PS_INDEXED(...) KEPT_AS("vbroadcastss", "vfmadd231ps", "", "(%3,%%rcx)", __VA_ARGS__)
#define KEPT_PS_BASE(...) KEPT_AS("vbroadcastss", "vfmadd231ps", " add %3, %%rcx\n", "(%%rcx)", __VA_ARGS__)
#define PS_ROWS(K) K(0, 0, 1, 2, 3, 4, 5, 6, 7) K(1, 8, 9, 10, 11, 12, 13, 14, 15) K(2, 16, 17, 18, 19, 20, 21, 22, 23) \
  K(3, 0, 1, 2, 3, 4, 5, 6, 7) K(4, 8, 9, 10, 11, 12, 13, 14, 15) K(5, 16, 17, 18, 19, 20, 21, 22, 23)
#define ROW0(e) KEPT(e, 0, 1, 2, 3, 4, 5, 6, 7)
#define ROW1(e) KEPT(e, 8, 9, 10, 11, 12, 13, 14, 15)
#define ROW2(e) KEPT(e, 16, 17, 18, 19, 20, 21, 22, 23)

struct Loop {
  const char* name;
  const char* isa;  // __builtin_cpu_supports name the loop needs, besides avx512f
  int per_iteration;
  void (*run)();
};

bool supported(const char* isa) {
  if (!__builtin_cpu_supports("avx512f")) return false;
  const std::string_view s(isa);
  if (s == "avx512fp16") return __builtin_cpu_supports("avx512fp16");
  if (s == "avx512vnni") return __builtin_cpu_supports("avx512vnni");
  if (s == "avxvnni") return __builtin_cpu_supports("avxvnni");
  if (s == "avx512vbmi") return __builtin_cpu_supports("avx512vbmi");
  if (s == "avx512bw") return __builtin_cpu_supports("avx512bw");
  return true;
}

}  // namespace

int main() {
  const std::vector<Loop> loops = {
      {"vfmadd231ps zmm (reference)", "", 12, LOOP(R12(FMA_PS))},
      {"vfmadd231ph zmm", "avx512fp16", 12, LOOP(R12(FMA_PH))},
      {"vfmadd231ph zmm, [L1]", "avx512fp16", 12, LOOP(R12(FMA_PH_MEM))},
      {"vfmadd231ph zmm, m16{1to32}", "avx512fp16", 12, LOOP(R12(FMA_PH_BCST))},
      {"vpbroadcastw zmm, m16", "avx512bw", 12, LOOP(R12(BCST_W))},
      {"fp16 2:4 inner loop (per FMA)", "avx512fp16", 48,
       LOOP(ROW0(0) ROW0(1) ROW1(2) ROW1(3) ROW2(4) ROW2(5))},
      {"fp32 2:4 inner loop, base+index B address (per FMA)", "", 48, LOOP(PS_ROWS(KEPT_PS_INDEXED))},
      {"fp32 2:4 inner loop, base register (per FMA)", "", 48, LOOP(PS_ROWS(KEPT_PS_BASE))},
      {"vpdpbusd zmm", "avx512vnni", 12, LOOP(R12(DP_Z))},
      {"vpdpbusd ymm (AVX-VNNI)", "avxvnni", 12, LOOP(R12(DP_Y))},
      {"vpshufb zmm", "avx512bw", 12, LOOP(R12(SHUF_Z))},
      {"vpshufb ymm", "", 12, LOOP(R12(SHUF_Y))},
      {"vpermb zmm", "avx512vbmi", 12, LOOP(R12(PERMB))},
      {"vpermt2b zmm", "avx512vbmi", 12, LOOP(R12(PERMT2B))},
      {"vpmultishiftqb zmm", "avx512vbmi", 12, LOOP(R12(MSHIFT))},
      {"vpshufb + vpdpbusd zmm (per pair)", "avx512vnni", 8, LOOP(R8(PAIR_Z))},
      {"vpshufb + vpdpbusd ymm (per pair)", "avxvnni", 8, LOOP(R8(PAIR_Y))},
  };
  if (!supported("")) {
    std::printf("this CPU lacks AVX-512F: nothing to measure\n");
    return 0;
  }
  std::printf("| loop | per cycle (median of 21, vs vfmadd231ps zmm = 2) | IQR |\n|---|---|---|\n");
  for (const Loop& l : loops) {
    if (!supported(l.isa)) {
      std::printf("| %s | skipped: this CPU lacks %s | |\n", l.name, l.isa);
      continue;
    }
    std::vector<double> ratio;
    for (int r = 0; r < 21; ++r) {
      double t0 = now();
      loops[0].run();
      const double reference = loops[0].per_iteration / (now() - t0);
      t0 = now();
      l.run();
      ratio.push_back(2.0 * (l.per_iteration / (now() - t0)) / reference);
    }
    std::sort(ratio.begin(), ratio.end());
    std::printf("| %s | %.2f | %.2f..%.2f |\n", l.name, ratio[10], ratio[5], ratio[15]);
  }
  return 0;
}
