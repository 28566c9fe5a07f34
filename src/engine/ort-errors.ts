/**
 * onnxruntime's errors in words: its raw text carries C++ source paths and signatures (from its build machine)
 * that mean nothing to a user. Known cases get a sentence; anything else loses the path and signature.
 */
export function plainOrtMessage(raw: string): string {
  const opset = /Opset (\d+) is under development[\s\S]*?support for domain (\S+) is till opset (\d+)/.exec(raw);
  if (opset) {
    return `the model is stamped with ONNX opset ${opset[1]}, newer than this onnxruntime can run (up to opset ${opset[3]}); export it with opset ${opset[3]} or lower`;
  }
  const missing = /input '([^']+)' is missing in 'feeds'/.exec(raw);
  if (missing)
    return `the model needs an input "${missing[1]}" that the app does not give a detector (it feeds the image only)`;
  return (
    raw
      .replace(/ERROR_CODE: \d+, ERROR_MESSAGE: /g, '')
      .replace(/\S+\.(?:cc|h|cpp):\d+ [^()]*\([^)]*\)(?: const)?\s*/g, '')
      // The failed C++ assertion itself ("size != 0 && … was false."): the sentence after it says what went wrong.
      .replace(/[^.]*? was false\.\s*/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
