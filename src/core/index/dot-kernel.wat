;; Dot products of one query with every row of the vector table, 4 lanes at a time (SIMD128).
;; The source of dot-kernel-wasm.ts: scripts/make-dot-kernel.mjs assembles the same module by
;; hand (no toolchain is needed to rebuild it) and checks itself against this text when wabt's
;; wat2wasm is installed. See vector-kernel.ts for how it is loaded and when it is not used.
;;
;; dots(rows, n, d, q, out): for each of the n rows of d f32 starting at byte `rows`,
;; out[i] = Σ rows[i][j] · q[j]. d must be a multiple of 4 and every pointer 16-byte aligned.
;; Four accumulators of four lanes (16 floats per step) keep the adds from waiting on each
;; other; a 4-float step takes whatever 16 does not divide.
(module
  (import "env" "memory" (memory 1))
  (func (export "dots") (param $rows i32) (param $n i32) (param $d i32) (param $q i32) (param $out i32)
    (local $rowBytes i32) (local $bytes16 i32) (local $end i32) (local $j i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $bytes16 (i32.shl (i32.and (local.get $d) (i32.const -16)) (i32.const 2)))
    (local.set $end (i32.add (local.get $rows) (i32.mul (local.get $n) (local.get $rowBytes))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $rows) (local.get $end)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $end16
          (loop $step16
            (br_if $end16 (i32.ge_u (local.get $j) (local.get $bytes16)))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (v128.load (i32.add (local.get $rows) (local.get $j)))
                         (v128.load (i32.add (local.get $q) (local.get $j))))))
            (local.set $a1 (f32x4.add (local.get $a1)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $rows) (local.get $j)))
                         (v128.load offset=16 (i32.add (local.get $q) (local.get $j))))))
            (local.set $a2 (f32x4.add (local.get $a2)
              (f32x4.mul (v128.load offset=32 (i32.add (local.get $rows) (local.get $j)))
                         (v128.load offset=32 (i32.add (local.get $q) (local.get $j))))))
            (local.set $a3 (f32x4.add (local.get $a3)
              (f32x4.mul (v128.load offset=48 (i32.add (local.get $rows) (local.get $j)))
                         (v128.load offset=48 (i32.add (local.get $q) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 64)))
            (br $step16)))
        (block $end4
          (loop $step4
            (br_if $end4 (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (v128.load (i32.add (local.get $rows) (local.get $j)))
                         (v128.load (i32.add (local.get $q) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $step4)))
        (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
                                  (f32x4.add (local.get $a2) (local.get $a3))))
        (f32.store (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $rows (i32.add (local.get $rows) (local.get $rowBytes)))
        (br $row)))))
