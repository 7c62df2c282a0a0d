package io.kensa.capture;

/** A source whose pace Kensa sets (folder and video replays), so the rate can change while it runs. */
interface Replay {
    /** Frames per second; 0 means as fast as possible. Safe to call from any thread. */
    void setFps(double fps);

    double fps();
}
