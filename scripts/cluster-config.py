"""Turns `docker-compose -f docker-compose.temporal.yml config` into what `make cluster` runs.

The compose file is the one source of truth: every service of it that `make cluster` starts as a
local process gets the service's environment exactly as compose resolves it, with only the
addresses moved (the compose network's host names and container ports become 127.0.0.1 and this
cluster's ports, container paths become local folders) and the listen ports the image would take
by default made explicit. The image tags name the versions to build and run.

  cluster-config.py COMPOSE_CONFIG_YAML CLUSTER_DIR PORT_PREFIX TOOLS_DIR

writes CLUSTER_DIR/config/<service>.env (NUL-separated NAME=value, the whole environment of that
process) and CLUSTER_DIR/cluster.json (ports, URLs, versions, services, and the address
substitutions), and prints the versions as shell assignments for scripts/cluster.sh.
Runs with the Python of Debian's docker-compose, which has PyYAML.
"""

import json
import os
import re
import sys

import yaml

# The last three digits of each port; the cluster's port prefix (two digits) goes in front, so
# prefix 52 puts the frontend on 52233 and the first api on 52080. The membership ports (9xx) are
# the exception: Temporal stores them in a PostgreSQL smallint (at most 32767), so they take the
# prefix and two digits, 5233 for the frontend at prefix 52 (scripts/cluster.sh, `port`).
PORT_SUFFIXES = {
    "postgresql": 432,
    "frontend": 233,
    "frontend-http": 243,
    "frontend-membership": 933,
    "history": 234,
    "history-membership": 934,
    "matching": 235,
    "matching-membership": 935,
    "worker": 239,
    "worker-membership": 939,
    "temporal-ui": 880,
    "s3": 333,  # SeaweedFS also takes the 7 ports from s3 + 7 (scripts/seaweedfs.sh)
    "api-1": 80,
    "api-2": 88,
    "api-1-management": 90,
    "api-2-management": 98,
    "worker-1": 81,
    "worker-2": 82,
}

TEMPORAL_ROLES = ["history", "matching", "frontend", "worker"]
APIS = ["api-1", "api-2"]
WORKERS = ["worker-1", "worker-2"]


def ports_for(prefix):
    if not 10 <= prefix <= 64:
        raise SystemExit(f"port prefix {prefix}: choose 10..64 (ports are <prefix><3 digits>)")
    return {
        name: prefix * 100 + suffix - 900 if suffix >= 900 else prefix * 1000 + suffix
        for name, suffix in PORT_SUFFIXES.items()
    }


def image_version(services, service, repository):
    image = services[service]["image"]
    name, _, tag = image.rpartition(":")
    if name != repository or not tag:
        raise SystemExit(f"service {service}: expected image {repository}:<version>, found {image}")
    return tag


def versions(services):
    server = image_version(services, "temporal-frontend", "temporalio/server")
    for role in TEMPORAL_ROLES:
        if image_version(services, f"temporal-{role}", "temporalio/server") != server:
            raise SystemExit("every temporal-<role> service must run the same temporalio/server tag")
    for tool in ["temporal-admin-tools", "temporal-create-namespace"]:
        if image_version(services, tool, "temporalio/admin-tools") != server:
            raise SystemExit(
                f"{tool}: temporalio/admin-tools must have the tag of temporalio/server ({server})")
    postgres = image_version(services, "postgresql", "postgres")
    if not re.fullmatch(r"\d+", postgres):
        raise SystemExit(f"postgres:{postgres}: name the major version only (as Debian packages it)")
    return {
        "temporalServer": server,
        "temporalAdminTools": server,
        "temporalUi": image_version(services, "temporal-ui", "temporalio/ui"),
        "postgres": postgres,
        "seaweedfs": image_version(services, "seaweedfs", "chrislusf/seaweedfs"),
    }


def substitutions(ports):
    """Addresses of the compose network, and where they are on this machine."""
    return {
        "temporal-frontend:7233": f"127.0.0.1:{ports['frontend']}",
        "postgresql:5432": f"127.0.0.1:{ports['postgresql']}",
        "http://seaweedfs:8333": f"http://127.0.0.1:{ports['s3']}",
        # SeaweedFS's master, with its gRPC port (the default, HTTP + 10000, is past 65535 here)
        "seaweedfs:9333": f"127.0.0.1:{ports['s3'] + 7}.{ports['s3'] + 8}",
        # the Web UI's published port (the origin the codec endpoint answers CORS for)
        "http://127.0.0.1:8233": f"http://127.0.0.1:{ports['temporal-ui']}",
        "http://localhost:8233": f"http://localhost:{ports['temporal-ui']}",
    }


def localize(env, subs):
    out = {}
    for key, value in env.items():
        value = "" if value is None else str(value)
        for compose_address, local in subs.items():
            value = value.replace(compose_address, local)
        out[key] = value
    return out


def host_path(service, container_path):
    """The host file that the compose service mounts at container_path."""
    for volume in service.get("volumes", []):
        source, _, rest = volume.partition(":")
        target = rest.split(":")[0]
        if target == container_path:
            return source
    raise SystemExit(f"nothing is mounted at {container_path}")


def plan(compose, cluster_dir, prefix, tools_dir):
    services = compose["services"]
    ports = ports_for(prefix)
    subs = substitutions(ports)
    found = versions(services)
    app_data = os.path.join(cluster_dir, "app-data")
    server_dir = os.path.join(tools_dir, "temporal-server-" + found["temporalServer"])
    # the one-shot scripts find temporal-sql-tool, the temporal CLI and weed here, as in their images
    tools_path = ":".join([server_dir, os.path.join(tools_dir, "venv", "bin"), "/usr/bin", "/bin"])
    envs = {}

    def env_of(name):
        return localize(services[name].get("environment") or {}, subs)

    pg = env_of("postgresql")
    envs["postgresql"] = dict(pg, PGPORT=str(ports["postgresql"]))

    admin = env_of("temporal-admin-tools")
    admin.update(POSTGRES_SEEDS="127.0.0.1", DB_PORT=str(ports["postgresql"]))
    admin.update(TEMPORAL_SCHEMA_DIR=os.path.join(server_dir, "schema"), PATH=tools_path)
    envs["temporal-admin-tools"] = admin

    # Every role gets every role's ports, as each renders the whole config template.
    role_ports = {}
    for role in TEMPORAL_ROLES:
        upper = role.upper()
        role_ports[f"{upper}_GRPC_PORT"] = str(ports[role])
        role_ports[f"{upper}_MEMBERSHIP_PORT"] = str(ports[f"{role}-membership"])
    role_ports["FRONTEND_HTTP_PORT"] = str(ports["frontend-http"])
    for role in TEMPORAL_ROLES:
        name = f"temporal-{role}"
        env = env_of(name)
        env.update(POSTGRES_SEEDS="127.0.0.1", DB_PORT=str(ports["postgresql"]), BIND_ON_IP="127.0.0.1")
        # the image's WORKDIR is /etc/temporal, where the relative path points
        container = "/etc/temporal/" + env["DYNAMIC_CONFIG_FILE_PATH"]
        env["DYNAMIC_CONFIG_FILE_PATH"] = host_path(services[name], container)
        env.update(role_ports)
        envs[name] = env

    namespace = env_of("temporal-create-namespace")
    namespace["PATH"] = tools_path
    envs["temporal-create-namespace"] = namespace

    ui = env_of("temporal-ui")
    ui["TEMPORAL_UI_PORT"] = str(ports["temporal-ui"])  # the image listens on its default 8080
    envs["temporal-ui"] = ui

    envs["seaweedfs"] = env_of("seaweedfs")
    bucket = env_of("seaweedfs-create-bucket")
    bucket["PATH"] = tools_path
    envs["seaweedfs-create-bucket"] = bucket

    for name in APIS:
        env = env_of(name)
        env.update(
            API_PORT=str(ports[name]),
            API_BIND_ADDRESS="127.0.0.1",
            EXPORTJOBS_API_MANAGEMENT_PORT=str(ports[f"{name}-management"]),
            EXPORTJOBS_API_MANAGEMENT_ADDRESS="127.0.0.1",
            EXPORTJOBS_DATA_DIR=app_data,
        )
        envs[name] = env
    for name in WORKERS:
        env = env_of(name)
        env.update(
            EXPORTJOBS_WORKER_MANAGEMENT_PORT=str(ports[name]),
            EXPORTJOBS_WORKER_MANAGEMENT_ADDRESS="127.0.0.1",
            EXPORTJOBS_DATA_DIR=app_data,
        )
        envs[name] = env

    bucket_command = services["seaweedfs-create-bucket"]["command"]
    bucket_command = bucket_command[0] if isinstance(bucket_command, list) else bucket_command
    manifest = {
        "dir": cluster_dir,
        "portPrefix": prefix,
        "ports": ports,
        "versions": found,
        "substitutions": subs,
        "appDataDir": app_data,
        "postgres": {
            "args": services["postgresql"].get("command", [])[1:],
            "superuser": pg["POSTGRES_USER"],
            "superuserPassword": pg["POSTGRES_PASSWORD"],
            "appUser": pg["EXPORTJOBS_DB_USER"],
            "appPassword": pg["EXPORTJOBS_DB_PASSWORD"],
        },
        "seaweedfsCreateBucketCommand": bucket_command.replace("$$", "$"),
        "urls": {
            "api": [f"http://127.0.0.1:{ports[a]}/api/v1" for a in APIS],
            "workerManagement": [f"http://127.0.0.1:{ports[w]}" for w in WORKERS],
            "temporal": f"127.0.0.1:{ports['frontend']}",
            "temporalUi": f"http://127.0.0.1:{ports['temporal-ui']}",
            "s3": f"http://127.0.0.1:{ports['s3']}",
            "postgres": f"jdbc:postgresql://127.0.0.1:{ports['postgresql']}/exportjobs",
        },
        "services": {
            name: {
                "env": os.path.join(cluster_dir, "config", name + ".env"),
                "log": os.path.join(cluster_dir, "logs", name + ".log"),
                "pidFile": os.path.join(cluster_dir, "run", name + ".pid"),
            }
            for name in envs
        },
    }
    return envs, manifest


def main():
    compose_yaml, cluster_dir, prefix, tools_dir = sys.argv[1:5]
    with open(compose_yaml) as f:
        compose = yaml.safe_load(f)
    envs, manifest = plan(compose, cluster_dir, int(prefix), tools_dir)
    config_dir = os.path.join(cluster_dir, "config")
    os.makedirs(config_dir, exist_ok=True)
    old_umask = os.umask(0o077)  # the files hold passwords
    try:
        for name, env in envs.items():
            with open(os.path.join(config_dir, name + ".env"), "w") as f:
                f.write("".join(f"{k}={v}\0" for k, v in sorted(env.items())))
        with open(os.path.join(cluster_dir, "cluster.json"), "w") as f:
            json.dump(manifest, f, indent=2, sort_keys=True)
            f.write("\n")
    finally:
        os.umask(old_umask)
    v = manifest["versions"]
    print(f"TEMPORAL_SERVER_VERSION={v['temporalServer']}")
    print(f"TEMPORAL_UI_VERSION={v['temporalUi']}")
    print(f"CLUSTER_PG_MAJOR={v['postgres']}")
    print(f"CLUSTER_SEAWEEDFS_VERSION={v['seaweedfs']}")


if __name__ == "__main__":
    main()
