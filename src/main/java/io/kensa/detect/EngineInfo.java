package io.kensa.detect;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;

/**
 * What the deep-learning engine is on this station: DJL's PyTorch engine, its version, the libtorch it loaded
 * (folder and version) and how many CUDA GPUs it sees. For {@code kensa doctor}.
 */
public record EngineInfo(String engine, String djlVersion, String libtorchVersion, String libtorchPath, int cudaGpus) {

    /** Starts the engine (as the first detector load would) and reports it. */
    public static EngineInfo probe() throws DetectException {
        try {
            Engine engine = Engine.getEngine("PyTorch");
            return new EngineInfo(engine.getEngineName(), Engine.getDjlVersion(), LibUtils.getVersion(),
                    LibUtils.getLibtorchPath(), engine.getGpuCount());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new DetectException("The PyTorch engine could not start: " + e.getMessage()
                    + ". Check that the libtorch native jar is on the class path and DJL_CACHE_DIR is writable.", e);
        }
    }
}
