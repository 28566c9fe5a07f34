import { describe, expect, it } from 'vitest';
import { plainOrtMessage } from '../../../src/engine/ort-errors';

// onnxruntime-web 1.30's own text for these cases (see tests/browser/model-trial.spec.ts for the real thing).
const OPSET_99 =
  "Can't create a session. ERROR_CODE: 1, ERROR_MESSAGE: /mnt/azure_nvme_temp/_work/1/s/onnxruntime/core/graph/model_load_utils.h:56 void onnxruntime::model_load_utils::ValidateOpsetForDomain(const std::unordered_map<std::string, int> &, const logging::Logger &, bool, const std::string &, int) ONNX Runtime only *guarantees* support for models stamped with official released onnx opset versions. Opset 99 is under development and support for this is limited. The operator schemas and or other functionality may change before next ONNX release and in this case ONNX Runtime will not guarantee backward compatibility. Current official support for domain ai.onnx is till opset 26.";

describe('plainOrtMessage', () => {
  it('says an unsupported opset in words, without the build path', () => {
    const text = plainOrtMessage(OPSET_99);
    expect(text).toBe(
      'the model is stamped with ONNX opset 99, newer than this onnxruntime can run (up to opset 26); export it with opset 26 or lower',
    );
  });

  it('names an input the app does not feed', () => {
    expect(plainOrtMessage("input 'scale' is missing in 'feeds'.")).toContain('needs an input "scale"');
  });

  it('drops the path, the signature and the failed assertion from a run failure', () => {
    const raw =
      'failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: /mnt/azure_nvme_temp/_work/1/s/onnxruntime/core/providers/cpu/tensor/reshape_helper.h:86 onnxruntime::ReshapeHelper::ReshapeHelper(const TensorShape &, TensorShapeVector &, bool) size != 0 && (input_shape_size % size) == 0 was false. The input tensor cannot be reshaped to the requested shape. Input shape:{1,3,320,320}, requested shape:{7,-1}';
    expect(plainOrtMessage(raw)).toBe(
      'failed to call OrtRun(). The input tensor cannot be reshaped to the requested shape. Input shape:{1,3,320,320}, requested shape:{7,-1}',
    );
  });

  it('drops C++ paths and signatures from anything else', () => {
    const text = plainOrtMessage(
      'ERROR_CODE: 2, ERROR_MESSAGE: /src/onnxruntime/core/x.cc:12 void f(int) Bad thing happened.',
    );
    expect(text).toBe('Bad thing happened.');
    expect(text).not.toMatch(/\.cc|onnxruntime::/);
  });
});
