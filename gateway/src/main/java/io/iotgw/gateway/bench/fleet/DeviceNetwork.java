package io.iotgw.gateway.bench.fleet;

/**
 * What a virtual device needs around it: connections to gateways, the time and timers. Every
 * callback comes on the device's own event loop; Netty provides it, tests a script.
 */
interface DeviceNetwork {

    /** One connection, from the start of its connect to its close. */
    interface Link {
        void write(String line);

        void close();
    }

    /**
     * Starts connecting to a gateway; the outcome comes as {@link VirtualDevice#connected} or
     * {@link VirtualDevice#connectFailed}, then lines as {@link VirtualDevice#line}, and the end as
     * {@link VirtualDevice#closed}.
     */
    Link connect(VirtualDevice device, int gateway);

    long nanoTime();

    /** Runs the task on the device's event loop after the delay. */
    void schedule(VirtualDevice device, Runnable task, long delayNanos);
}
