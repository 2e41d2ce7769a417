package org.p2psim.nodehost;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.vertx.core.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeScheduler;
import org.p2psim.api.Protocol;
import org.p2psim.api.RpcApi;
import org.p2psim.api.RpcDialer;
import org.p2psim.api.Service;
import org.p2psim.nodehost.internal.AdminApi;
import org.p2psim.nodehost.internal.ContextScheduler;
import org.p2psim.nodehost.internal.NodeServiceContext;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.P2pConfig;
import org.p2psim.p2p.P2pServer;
import org.p2psim.rpc.RpcServer;
import org.p2psim.snapshot.SimulationApi;

/**
 * Wires one node: its key, scheduler, services, P2P server, RPC server and the admin and simulation
 * APIs. It only wires: nothing here opens a socket or starts a thread; {@link NodeStack#start()}
 * does that.
 */
final class NodeModule extends AbstractModule {
  private final NodeStackConfig config;
  private final Context context;
  private final ServiceRegistry registry;
  private final RpcDialer dialer;

  NodeModule(NodeStackConfig config, Context context, ServiceRegistry registry, RpcDialer dialer) {
    this.config = config;
    this.context = context;
    this.registry = registry;
    this.dialer = dialer;
  }

  @Override
  protected void configure() {
    bind(NodeStackConfig.class).toInstance(config);
    bind(NodeConfig.class).toInstance(config.node());
    bind(Context.class).toInstance(context);
    bind(ServiceRegistry.class).toInstance(registry);
    bind(RpcDialer.class).toInstance(dialer);
    bind(NodeScheduler.class).to(ContextScheduler.class);
  }

  @Provides
  @Singleton
  NodeKey key(NodeConfig node) {
    return NodeKey.parse(node.privateKey());
  }

  @Provides
  @Singleton
  ContextScheduler scheduler(Context context) {
    return new ContextScheduler(context, Clock.systemUTC());
  }

  /** The node's services by name, in the order its config names them. */
  @Provides
  @Singleton
  Map<String, Service> services(
      NodeConfig node, NodeKey key, ContextScheduler scheduler, RpcDialer dialer) {
    // NodeStack.create has checked the names against the registry already.
    Map<String, Service> out = new LinkedHashMap<>();
    for (String name : node.services()) {
      NodeServiceContext ctx =
          new NodeServiceContext(
              node,
              key.id(),
              config.snapshots().get(name),
              dialer,
              scheduler,
              config.dataDir().resolve("data").resolve(name));
      Service service;
      try {
        service = registry.factory(name).create(ctx);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "service " + name + " failed to start: " + e.getMessage(), e);
      }
      if (service == null) {
        throw new IllegalStateException("service " + name + ": its factory returned null");
      }
      out.put(name, service);
    }
    return out;
  }

  @Provides
  @Singleton
  List<Protocol> protocols(Map<String, Service> services) {
    List<Protocol> out = new ArrayList<>();
    services.values().forEach(s -> out.addAll(s.protocols()));
    return out;
  }

  @Provides
  @Singleton
  P2pServer p2p(Context context, NodeKey key, NodeConfig node, List<Protocol> protocols) {
    return new P2pServer(
        context,
        P2pConfig.builder(key)
            .host(config.host())
            .port(node.port())
            .protocols(protocols)
            .messageEvents(node.enableMsgEvents())
            .build());
  }

  @Provides
  @Singleton
  AdminApi admin(P2pServer p2p, List<Protocol> protocols) {
    return new AdminApi(p2p, protocols);
  }

  @Provides
  @Singleton
  SimulationApi simulation(Map<String, Service> services) {
    return new SimulationApi(services);
  }

  @Provides
  @Singleton
  RpcServer rpc(
      Context context, AdminApi admin, SimulationApi simulation, Map<String, Service> services) {
    RpcServer rpc = new RpcServer(task -> context.runOnContext(v -> task.run()));
    rpc.register(new RpcApi(AdminApi.NAMESPACE, admin));
    rpc.register(new RpcApi(SimulationApi.NAMESPACE, simulation));
    for (Map.Entry<String, Service> e : services.entrySet()) {
      for (RpcApi api : e.getValue().apis()) {
        rpc.register(api);
      }
    }
    return rpc;
  }
}
