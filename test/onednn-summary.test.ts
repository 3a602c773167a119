import assert from 'node:assert/strict';
import { summarizeVerbose } from '../tools/bench/onednn/summary';

describe('oneDNN verbose summary', () => {
  it('sums exec lines by primitive, per step, and leaves out creation and other lines', () => {
    const lines = [
      'onednn_verbose,v1,info,oneDNN v3.7.0',
      'onednn_verbose,v1,primitive,create:cache_miss,cpu,convolution,jit:avx512_core,backward_weights,src:f32,,alg:convolution_direct,mb128,0.9',
      'onednn_verbose,v1,primitive,exec,cpu,convolution,jit:avx512_core,backward_weights,src:f32::blocked:acdb::f0,,alg:convolution_direct,mb128_ic32oc64,3.5',
      'onednn_verbose,v1,primitive,exec,cpu,convolution,jit:avx512_core,backward_weights,src:f32::blocked:acdb::f0,,alg:convolution_direct,mb128_ic32oc64,4.5',
      'onednn_verbose,v1,primitive,exec,cpu,reorder,jit:uni,undef,src:f32::blocked:abcd::f0 dst:f32::blocked:acdb::f0,,,128x1x28x28,0.25',
      'onednn_verbose,exec,cpu,pooling,jit:avx512_core,forward_training,src:f32,,alg:pooling_max,mb128,1.0',
      'some other line, 12',
    ];
    const summary = summarizeVerbose(lines, 2);
    assert.deepEqual(summary.primitives, [
      { primitive: 'convolution jit:avx512_core backward_weights', callsPerStep: 1, msPerStep: 4 },
      { primitive: 'pooling jit:avx512_core forward_training', callsPerStep: 0.5, msPerStep: 0.5 },
      { primitive: 'reorder jit:uni undef', callsPerStep: 0.5, msPerStep: 0.125 },
    ]);
    assert.equal(summary.primitiveMsPerStep, 4.625);
  });
});
