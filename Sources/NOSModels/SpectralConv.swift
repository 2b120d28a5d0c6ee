// The spectral convolution as one differentiable primitive: rfft → per-mode mixing → irfft.
import NOSGrad
import NOSTensor

/// `irfft(mix(rfft(x), W))` over the last axis (1-D) or last two (2-D), keeping the modes of
/// `map`. The gradient is the adjoint chain: gx = irfft(mixᴴ(rfft(g), W)) (the rfft/irfft
/// bin weights cancel), gW = c ⊙ mixᵂ(rfft(x), rfft(g))/N with c = 2 on bins standing for ±k.
/// Both are written with differentiable ops, so higher derivatives work.
public func spectralConv(_ x: Variable, _ w: Variable, spatial: [Int], map: ModeMap,
                         weight: [Int]) throws -> Variable {
  let map = map.square
  let twoD = spatial.count == 2
  let f = twoD ? try x.value.rfft2() : try x.value.rfft()
  let cw = Variable(try w.value.astype(f.dtype))
  // The inverse transform's 1/n goes into the kept modes; FFTW may overwrite `mixed`.
  let inverse = 1 / Double(spatial.reduce(1, *))
  let mixed = try ModeKernel.run(.forward, f, cw.value, map, weight, scale: inverse)
  let out = try mixed.irfftConsuming(sizes: spatial, scale: 1)
  let spectrum = Variable(f)
  return .record(out, [x, w]) { g, _, needs, ins in
    let x = ins[0], w = ins[1]
    let gf = try fourier(twoD ? .rfft2 : .rfft, g)
    let wc = try cast(w, gf.dtype)
    var gx: Variable? = nil, gw: Variable? = nil
    if needs[0] && !GradMode.isRecording {  // the forward pass's shortcut, no tape needed
      let back = try ModeKernel.run(.adjointInput, gf.value, wc.value, map, weight,
                                    scale: inverse)
      gx = Variable(try back.irfftConsuming(sizes: spatial, scale: 1))
    } else if needs[0] {
      let back = try modeProduct(.adjointInput, gf, wc, map: map, weight: weight)
      gx = try fourier(twoD ? .irfft2 : .irfft, back, sizes: spatial)
    }
    if needs[1] {
      // Outside a recorded backward pass the forward spectrum is reused.
      let xf = GradMode.isRecording ? try fourier(twoD ? .rfft2 : .rfft, x) : spectrum
      let raw = try modeProduct(.adjointWeight, xf, gf, map: map, weight: weight)
      gw = try cast(mul(raw, binScale(spatial, weight, dtype: raw.dtype)), w.dtype)
    }
    return [gx, gw]
  }
}

/// c/N along the weight's last mode axis: 2/N for bins that stand for ±k, 1/N for DC and
/// Nyquist, shaped to broadcast against `[in, out, modes...]`.
private func binScale(_ spatial: [Int], _ weight: [Int], dtype: DType) throws -> Variable {
  let n = spatial.reduce(1, *), last = spatial[spatial.count - 1], m = weight[weight.count - 1]
  let values = (0..<m).map { k -> Double in
    (k == 0 || 2 * k == last ? 1 : 2) / Double(n)
  }
  return Variable(try Tensor(values, shape: [m], dtype: dtype.real))
}
