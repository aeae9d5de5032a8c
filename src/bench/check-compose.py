#!/usr/bin/python3
"""Static checks of the container deployment against the application's own source: no Docker engine needed.

    /usr/bin/python3 src/bench/check-compose.py [--docker]

Reads Dockerfile, .dockerignore, docker-compose.yml and deploy/ (Prometheus, Grafana), and checks them against
what the application really reads and exports: the hypergrid.* settings parsed from HypergridProperties.java, the
port and actuator exposure in application.yml, the meters registered in HypergridMetrics.java, the fetch-data
options in FetchDataCommand.java, the jar name in pom.xml. Prints one line per check (PASS, FAIL, WARN, SKIP) and
exits 1 if any check failed. --docker also runs `docker compose config` (or `docker-compose config`) when a
client that can is installed; it only parses, no engine needed.

Needs PyYAML: Debian's python3-yaml for /usr/bin/python3 (apt-get install -y python3-yaml).
"""
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import yaml
except ImportError:
    sys.exit("check-compose: PyYAML is missing: apt-get install -y python3-yaml, and run with /usr/bin/python3")

ROOT = Path(__file__).resolve().parents[2]
JAVA = ROOT / "src/main/java/io/hypergrid"
RESOURCES = ROOT / "src/main/resources"

# Ports the third-party images listen on (their documented defaults; the compose file does not change them).
IMAGE_PORTS = {"postgres": 5432, "prom/prometheus": 9090, "grafana/grafana": 3000}
# Environment variables of a Hypergrid container read by the image's entrypoint, the JVM or the native libraries,
# not by Spring.
RUNTIME_ENV = {"JAVA_OPTS", "JAVA_TOOL_OPTIONS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE",
               "OPENBLAS_VERBOSE", "TZ"}
# Standard Spring Boot properties the deployment may set (relaxed binding turns each into an environment variable).
SPRING_PROPERTIES = {"spring.profiles.active", "spring.datasource.url", "spring.datasource.username",
                     "spring.datasource.password", "server.port", "logging.level.root", "logging.level.io.hypergrid"}
# Meters not declared in HypergridMetrics.java that the dashboard may query: Prometheus' own, Spring Boot's.
STANDARD_METRICS = {"up", "jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes",
                    "http_server_requests_seconds_count", "http_server_requests_seconds_sum", "process_cpu_usage"}
PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or",
                "unless", "inf", "nan"}

failures = 0


def report(status, name, detail=""):
    global failures
    if status == "FAIL":
        failures += 1
    print(f"{status:4} {name}" + (f": {detail}" if detail else ""))


def check(name, ok, detail_ok="", detail_fail=""):
    report("PASS" if ok else "FAIL", name, detail_ok if ok else detail_fail)
    return ok


# ---------------------------------------------------------------------------------------------------- the source

def split_top_level(text, sep=","):
    """Splits at sep outside (), <>, [], {} and string literals."""
    parts, depth, cur, quote = [], 0, [], None
    for ch in text:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "(<[{":
            depth += 1
        elif ch in ")>]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur))
    return parts


def record_components(source, record):
    """[(type, name)] of `record NAME(...)` in the source, annotations dropped."""
    m = re.search(r"\brecord\s+" + record + r"\s*\(", source)
    if not m:
        return None
    i, depth = m.end(), 1
    while depth:
        depth += {"(": 1, ")": -1}.get(source[i], 0)
        i += 1
    out = []
    for param in split_top_level(source[m.end():i - 1]):
        param = re.sub(r"@\w+(\s*\((?:[^()]|\([^()]*\))*\))?", " ", param).split()
        out.append((param[-2], param[-1]))
    return out


def kebab(name):
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower()


def env_name(prop):
    """Spring Boot's environment-variable form of a property: dots to underscores, dashes removed, upper case."""
    return prop.replace("-", "").replace(".", "_").upper()


def hypergrid_properties():
    """{property: java type} for every leaf of HypergridProperties, nested records followed."""
    src = (ROOT / "src/main/java/io/hypergrid/HypergridProperties.java").read_text()
    prefix = re.search(r'@ConfigurationProperties\("([^"]+)"\)', src).group(1)
    out = {}

    def walk(record, path):
        for jtype, name in record_components(src, record):
            prop = f"{path}.{kebab(name)}"
            if record_components(src, jtype) is not None:
                walk(jtype, prop)
            else:
                out[prop] = jtype

    walk("HypergridProperties", prefix)
    return out


def prometheus_name(name, kind, unit):
    """Micrometer's PrometheusNamingConvention: snake case, the base unit appended, _total on counters."""
    n = name.replace(".", "_")
    if unit and kind in ("Gauge", "Counter", "DistributionSummary") and not n.endswith("_" + unit):
        n += "_" + unit
    if kind == "Counter":
        return [n if n.endswith("_total") else n + "_total"]
    if kind in ("Timer", "LongTaskTimer"):
        n += "_seconds"
        return [n + "_count", n + "_sum", n + "_max"]
    if kind == "DistributionSummary":
        return [n + "_count", n + "_sum", n + "_max"]
    return [n]


def exported_metrics():
    """Prometheus names of the meters built in HypergridMetrics.java, and the hypergrid.* literals not understood."""
    src = (JAVA / "metrics/HypergridMetrics.java").read_text()
    names, seen = set(), set()
    for m in re.finditer(r'\b(Gauge|Counter|Timer|DistributionSummary|LongTaskTimer)\.builder\(\s*"(hypergrid\.[a-z.]+)"', src):
        chain = src[m.end():src.find(".register(", m.end())]
        unit = re.search(r'\.baseUnit\(\s*"([^"]+)"', chain)
        names.update(prometheus_name(m.group(2), m.group(1), unit.group(1) if unit else None))
        seen.add(m.group(2))
    unknown = set(re.findall(r'"(hypergrid\.[a-z.]*)"', src)) - seen
    return names, unknown


def application_yml():
    return yaml.safe_load((RESOURCES / "application.yml").read_text())


# ------------------------------------------------------------------------------------------------ compose helpers

def interpolate(value):
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default} and $$, from this process's environment."""
    if not isinstance(value, str):
        return value

    def sub(m):
        if m.group(0) == "$$":
            return "$"
        var, op, default = m.group(1), m.group(2), m.group(3) or ""
        v = os.environ.get(var)
        if op == ":-" and not v:
            return default
        if op == "-" and v is None:
            return default
        return v or ""

    return re.sub(r"\$\$|\$\{(\w+)(?:(:?-)([^}]*))?\}", sub, value)


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict((e.split("=", 1) + [None])[:2] for e in env)
    return {k: interpolate(v) if v is not None else None for k, v in env.items()}


def volume_mounts(service):
    """[(source, target, read_only)] in short or long syntax."""
    out = []
    for v in service.get("volumes") or []:
        if isinstance(v, dict):
            out.append((v.get("source"), v["target"], bool(v.get("read_only"))))
        else:
            parts = interpolate(v).split(":")
            if len(parts) == 1:
                out.append((None, parts[0], False))
            else:
                out.append((parts[0], parts[1], len(parts) > 2 and "ro" in parts[2].split(",")))
    return out


def is_bind(source):
    return source is not None and (source.startswith(("./", "../", "/", "~")) or source == ".")


def published_ports(service):
    """[(host, container)] as ints (ranges and host IPs handled; protocol dropped)."""
    out = []
    for p in service.get("ports") or []:
        if isinstance(p, dict):
            out.append((int(interpolate(str(p.get("published", p["target"])))), int(p["target"])))
            continue
        parts = interpolate(str(p)).split("/")[0].split(":")
        container = int(parts[-1])
        host = int(parts[-2]) if len(parts) > 1 else container
        out.append((host, container))
    return out


def depends_on(service):
    d = service.get("depends_on") or {}
    return {name: {} for name in d} if isinstance(d, list) else d


def image_base(image):
    name = image.rsplit(":", 1)[0] if ":" in image.split("/")[-1] else image
    return name.removeprefix("docker.io/").removeprefix("library/")


# -------------------------------------------------------------------------------------------------- Dockerfile

def dockerfile_instructions(path):
    """[(INSTRUCTION, arguments)] with continuations joined and comments dropped."""
    out, buf = [], ""
    for line in path.read_text().splitlines():
        s = line.strip()
        if not buf and (not s or s.startswith("#")):
            continue
        if buf and s.startswith("#"):
            continue
        if s.endswith("\\"):
            buf += s[:-1] + " "
            continue
        buf += s
        word, _, rest = buf.partition(" ")
        out.append((word.upper(), rest.strip()))
        buf = ""
    return out


def dockerignore_patterns():
    path = ROOT / ".dockerignore"
    if not path.exists():
        return []
    return [l.strip() for l in path.read_text().splitlines() if l.strip() and not l.strip().startswith("#")]


def ignored(rel, patterns):
    """Whether .dockerignore excludes a context path (last matching pattern wins; a folder covers its contents)."""
    rel = rel.strip("/")
    result = False
    for pat in patterns:
        neg = pat.startswith("!")
        p = pat[1:] if neg else pat
        p = p.strip("/")
        prefixes = [rel] + ["/".join(rel.split("/")[:i]) for i in range(1, rel.count("/") + 1)]
        hit = any(fnmatch.fnmatchcase(x, p) or (p.startswith("**/") and fnmatch.fnmatchcase(x.split("/")[-1], p[3:]))
                  for x in prefixes)
        if hit:
            result = not neg
    return result


def check_dockerfile(context, server_port):
    df = context / "Dockerfile"
    if not check(f"{df.relative_to(ROOT)} exists", df.is_file(), detail_fail="missing"):
        return None
    ins = dockerfile_instructions(df)
    stages, current = [], None
    for word, args in ins:
        if word == "FROM":
            m = re.match(r"(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", args, re.I)
            current = {"image": m.group(1), "name": m.group(2), "ins": []}
            stages.append(current)
        elif current is not None:
            current["ins"].append((word, args))
    check("Dockerfile: multi-stage build", len(stages) >= 2,
          f"{len(stages)} stages: " + ", ".join(f"{s['name'] or '(final)'} from {s['image']}" for s in stages),
          f"{len(stages)} stage(s)")
    final = stages[-1]
    check("Dockerfile: glibc runtime image (ND4J's native libraries do not load on musl)",
          "alpine" not in final["image"].lower(), final["image"], final["image"] + " is Alpine")
    check("Dockerfile: runtime image is a JRE", "jre" in final["image"].lower(), final["image"], final["image"])

    names = [s["name"] for s in stages]
    patterns = dockerignore_patterns()
    pom = (ROOT / "pom.xml").read_text()
    final_name = re.search(r"<finalName>([^<]+)</finalName>", pom)
    jar = (final_name.group(1) if final_name else None)
    for i, stage in enumerate(stages):
        for word, args in stage["ins"]:
            if word not in ("COPY", "ADD"):
                continue
            tokens = args.split()
            opts = [t for t in tokens if t.startswith("--")]
            paths = [t for t in tokens if not t.startswith("--")]
            src_from = next((o.split("=", 1)[1] for o in opts if o.startswith("--from=")), None)
            if src_from:
                check(f"Dockerfile: COPY --from={src_from} {paths[0]}: an earlier stage", src_from in names[:i],
                      detail_fail=f"stages before it: {names[:i]}")
                continue
            for p in paths[:-1]:
                exists = (context / p).exists()
                check(f"Dockerfile: COPY source {p} exists", exists, detail_fail="not in the build context")
                if exists:
                    check(f"Dockerfile: COPY source {p} is not excluded by .dockerignore", not ignored(p, patterns),
                          detail_fail="a .dockerignore pattern excludes it: the build would fail")
    users = [a for w, a in final["ins"] if w == "USER"]
    user = users[-1] if users else "root"
    check("Dockerfile: runs as a non-root user", user.split(":")[0] not in ("root", "0"), f"USER {user}", f"USER {user}")
    health = [a for w, a in final["ins"] if w == "HEALTHCHECK"]
    check("Dockerfile: HEALTHCHECK in the runtime stage", health and not health[-1].upper().startswith("NONE"),
          health[-1][:90] + "..." if health else "", "none")
    if health:
        check("Dockerfile: HEALTHCHECK probes /actuator/health on the server port",
              "/actuator/health" in health[-1] and str(server_port) in health[-1],
              detail_fail=f"expected /actuator/health and port {server_port}")
        check("Dockerfile: HEALTHCHECK needs no curl/wget (absent from the JRE image)",
              not re.search(r"\b(curl|wget)\b", health[-1]), detail_fail="uses curl or wget")
    exposed = {int(p.split("/")[0]) for w, a in final["ins"] if w == "EXPOSE" for p in a.split()}
    check(f"Dockerfile: EXPOSE {server_port} (server.port)", server_port in exposed, f"EXPOSE {sorted(exposed)}",
          f"EXPOSE {sorted(exposed)}")
    volumes = " ".join(a for w, a in final["ins"] if w == "VOLUME")
    check("Dockerfile: VOLUME /app/data", "/app/data" in volumes, volumes, volumes or "none")
    env_text = " ".join(a for w, a in final["ins"] if w == "ENV")
    check("Dockerfile: heap sized from the container limit, leaving room off-heap",
          bool(re.search(r"MaxRAMPercentage=([1-5]\d)(\.\d+)?\b", env_text)),
          re.search(r"MaxRAMPercentage=\S+", env_text).group(0) if "MaxRAMPercentage" in env_text else "",
          "no -XX:MaxRAMPercentage of 10-59")
    cache = re.search(r"-Dorg\.bytedeco\.javacpp\.cachedir=(\S+?)[\"\s]", env_text)
    runs = " ".join(a for w, a in final["ins"] if w == "RUN")
    check("Dockerfile: JavaCPP cache dir set and created for the user",
          bool(cache) and cache.group(1) in runs and "chown" in runs,
          cache.group(1) if cache else "", "cachedir not set, or not created and chowned in a RUN")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        check(f"Dockerfile: {var}=1", re.search(rf"\b{var}=1\b", env_text) is not None, detail_fail="not set to 1")
    # The jar reaches the runtime stage either as target/NAME.jar or as the layers `jarmode=tools extract` makes
    # of it (the application layer holds NAME.jar, the others lib/).
    copies = [a.split() for w, a in final["ins"] if w == "COPY" and "--from=" in a]
    build_runs = " ".join(a for s in stages[:-1] for w, a in s["ins"] if w == "RUN")
    direct = any(c[-2].endswith(f"target/{jar}.jar") for c in copies)
    extracted = bool(re.search(rf"-Djarmode=tools\s+-jar\s+\S*target/{re.escape(str(jar))}\.jar\s+extract\b[^&;]*--layers", build_runs))
    layers = {c[-2].rstrip("/").split("/")[-1] for c in copies}
    check(f"Dockerfile: the runtime stage gets {jar}.jar, the jar pom.xml builds (<finalName>)",
          bool(jar) and (direct or (extracted and {"dependencies", "application"} <= layers)),
          "as Spring Boot layers: " + ", ".join(sorted(layers)) if extracted else f"target/{jar}.jar",
          f"neither target/{jar}.jar nor its extracted layers are copied")
    entry = " ".join(a for w, a in final["ins"] if w == "ENTRYPOINT")
    run_jar = re.search(r"-jar\s+(\S+?\.jar)", entry)
    dests = {c[-1].rstrip("/") for c in copies}
    check("Dockerfile: ENTRYPOINT runs that jar where it was copied",
          bool(run_jar) and Path(run_jar.group(1)).name == f"{jar}.jar"
          and (str(Path(run_jar.group(1)).parent) in dests or run_jar.group(1) in dests),
          run_jar.group(1) if run_jar else "", f"{entry or 'no ENTRYPOINT'}")
    build_stage = stages[0]["ins"]
    order = [w + " " + a for w, a in build_stage if w in ("COPY", "RUN")]
    go_offline = next((i for i, s in enumerate(order) if "go-offline" in s), None)
    copy_src = next((i for i, s in enumerate(order) if s.startswith("COPY src")), None)
    check("Dockerfile: dependencies resolved in a layer before the sources are copied",
          go_offline is not None and copy_src is not None and go_offline < copy_src,
          detail_fail="no dependency:go-offline before COPY src")
    return {"health": bool(health) and not health[-1].upper().startswith("NONE")}


# ---------------------------------------------------------------------------------------------------- the checks

def main():
    compose_path = ROOT / "docker-compose.yml"
    compose = yaml.safe_load(compose_path.read_text())
    services = compose.get("services") or {}
    declared_volumes = set((compose.get("volumes") or {}).keys())
    app = application_yml()
    server_port = int(app.get("server", {}).get("port", 8080))
    exposure = app.get("management", {}).get("endpoints", {}).get("web", {}).get("exposure", {}).get("include", "")
    props = hypergrid_properties()
    env_to_prop = {env_name(p): p for p in props}
    env_to_prop.update({env_name(p): p for p in SPRING_PROPERTIES})
    print(f"---- {compose_path.relative_to(ROOT)}: {len(services)} services; the application reads "
          f"{len(props)} hypergrid.* settings, listens on {server_port}")

    # Which services run this project's image: built here, or the image a built service tags.
    dockerfiles = {}
    built_images = {}
    for name, svc in services.items():
        if "build" in svc:
            b = svc["build"]
            ctx = ROOT / (b if isinstance(b, str) else b.get("context", "."))
            dockerfile = b.get("dockerfile", "Dockerfile") if isinstance(b, dict) else "Dockerfile"
            check(f"service {name}: build context has a Dockerfile", (ctx / dockerfile).is_file(),
                  str((ctx / dockerfile).relative_to(ROOT)), f"{ctx / dockerfile} missing")
            if svc.get("image"):
                built_images[svc["image"]] = ctx
    ours = {n for n, s in services.items() if "build" in s or s.get("image") in built_images}
    for name, svc in services.items():
        if name in ours:
            continue
        image = svc.get("image")
        if check(f"service {name}: has an image or a build", bool(image), image or "", "neither image nor build"):
            tag = image.split("/")[-1].partition(":")[2]
            check(f"service {name}: image tag pinned", bool(tag) and tag != "latest", image, f"{image}: no tag or latest")

    print("---- Dockerfile")
    docker_info = {}
    for ctx in {ROOT / (s["build"] if isinstance(s["build"], str) else s["build"].get("context", "."))
                for s in services.values() if "build" in s}:
        docker_info[ctx] = check_dockerfile(ctx, server_port)
    image_health = any(i and i["health"] for i in docker_info.values())

    def listening_port(name):
        svc = services[name]
        if name in ours:
            return int(environment(svc).get("SERVER_PORT") or server_port)
        return IMAGE_PORTS.get(image_base(svc.get("image", "")))

    print("---- ports")
    host_ports = {}
    for name, svc in services.items():
        for host, container in published_ports(svc):
            listens = listening_port(name)
            check(f"service {name}: published {host}->{container} reaches a listening port", container == listens,
                  f"the container listens on {listens}", f"the container listens on {listens}")
            if not check(f"service {name}: host port {host} used once", host not in host_ports,
                         detail_fail=f"also published by {host_ports.get(host)}"):
                continue
            host_ports[host] = name
    expected = {"hypergrid-1": 8081, "hypergrid-2": 8082, "prometheus": 9090, "grafana": 3000}
    for name, port in expected.items():
        check(f"service {name}: on host port {port}", host_ports.get(port) == name,
              detail_fail=f"host port {port} is {host_ports.get(port)}")

    print("---- environment of the Hypergrid services")
    for name in sorted(ours):
        env = environment(services[name])
        for var, value in env.items():
            if var in RUNTIME_ENV:
                report("PASS", f"service {name}: {var}", "read by the entrypoint, the JVM or OpenBLAS")
                continue
            prop = env_to_prop.get(var)
            if not check(f"service {name}: {var} is a setting the application reads", prop is not None,
                         prop or "", "no hypergrid.* field or known Spring property has this name "
                         "(relaxed binding: upper case, dots to _, dashes removed)"):
                continue
            jtype = props.get(prop)
            if value is None or jtype is None:
                continue
            valid = {"int": re.fullmatch(r"\d+", value), "boolean": value in ("true", "false"),
                     "Duration": re.fullmatch(r"\d+(ns|us|ms|s|m|h|d)?|P\S+", value)}.get(jtype, True)
            check(f"service {name}: {var}={value} is a valid {jtype}", bool(valid), detail_fail="cannot be bound")
        profile = env.get("SPRING_PROFILES_ACTIVE")
        for p in (profile or "").split(","):
            p = p.strip()
            if p and not any((RESOURCES / f"application-{p}.{ext}").exists() for ext in ("yml", "yaml", "properties")):
                report("WARN", f"service {name}: profile '{p}' has no src/main/resources/application-{p}.yml yet",
                       "Spring ignores an unknown profile; the SPRING_DATASOURCE_* variables still apply")

    pool = (JAVA / "execution/WorkerPool.java").read_text()
    wait = re.search(r"awaitTermination\((\d+),\s*TimeUnit\.SECONDS\)", pool)
    for name in sorted(n for n in ours if published_ports(services[n])):
        grace = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", str(services[name].get("stop_grace_period", "10s")))
        seconds = int(grace.group(1) or 0) * 60 + int(grace.group(2) or 0) if grace else 0
        if wait:
            check(f"service {name}: stop_grace_period outlasts the worker pool's {wait.group(1)} s shutdown wait",
                  seconds > int(wait.group(1)), f"{seconds} s", f"{seconds} s: SIGKILL before trials are released")

    print("---- database")
    pg = next((n for n, s in services.items() if image_base(s.get("image", "")) == "postgres"), None)
    if check("a PostgreSQL service", pg is not None, pg or "", "none"):
        pg_env = environment(services[pg])
        hc = services[pg].get("healthcheck") or {}
        check(f"service {pg}: health check with pg_isready", "pg_isready" in json.dumps(hc.get("test", "")),
              detail_fail="no pg_isready health check")
        check(f"service {pg}: data in a named volume",
              any(not is_bind(s) and s and t == "/var/lib/postgresql/data" for s, t, _ in volume_mounts(services[pg])),
              detail_fail="no named volume on /var/lib/postgresql/data")
        for name in sorted(n for n in ours if "SPRING_DATASOURCE_URL" in environment(services[n])):
            env = environment(services[name])
            m = re.fullmatch(r"jdbc:postgresql://([^:/]+)(?::(\d+))?/(\w+).*", env["SPRING_DATASOURCE_URL"] or "")
            check(f"service {name}: SPRING_DATASOURCE_URL points at {pg}'s database",
                  bool(m) and m.group(1) == pg and int(m.group(2) or 5432) == listening_port(pg)
                  and m.group(3) == pg_env.get("POSTGRES_DB", pg_env.get("POSTGRES_USER", "postgres")),
                  env["SPRING_DATASOURCE_URL"], f"{env['SPRING_DATASOURCE_URL']} does not match the service")
            check(f"service {name}: datasource user and password are {pg}'s",
                  env.get("SPRING_DATASOURCE_USERNAME") == pg_env.get("POSTGRES_USER", "postgres")
                  and env.get("SPRING_DATASOURCE_PASSWORD") == pg_env.get("POSTGRES_PASSWORD"),
                  detail_fail="SPRING_DATASOURCE_USERNAME/PASSWORD differ from POSTGRES_USER/PASSWORD")

    print("---- volumes and mounts")
    used = set()
    for name, svc in services.items():
        for source, target, ro in volume_mounts(svc):
            if source is None:
                continue
            if is_bind(source):
                path = (ROOT / source).resolve() if not source.startswith("/") else Path(source)
                check(f"service {name}: bind source {source} exists", path.exists(), f"-> {target}",
                      "missing: Docker would create an empty folder in its place")
            else:
                used.add(source)
                check(f"service {name}: volume {source} declared", source in declared_volumes,
                      f"-> {target}{' (ro)' if ro else ''}", "not under the top-level volumes:")
    for v in sorted(declared_volumes - used):
        report("WARN", f"volume {v} declared but not used")

    print("---- start order")
    for name, svc in services.items():
        for dep, cond in depends_on(svc).items():
            if not check(f"service {name}: depends on existing service {dep}", dep in services,
                         detail_fail="no such service"):
                continue
            condition = (cond or {}).get("condition", "service_started")
            target = services[dep]
            if condition == "service_healthy":
                hc = target.get("healthcheck")
                has = (hc and not hc.get("disable")) or (hc is None and dep in ours and image_health)
                check(f"service {name}: {dep} has a health check to wait for", bool(has),
                      detail_fail="service_healthy on a service without a health check never starts")
            elif condition == "service_completed_successfully":
                check(f"service {name}: {dep} is a one-shot service",
                      str(target.get("restart", "no")) in ("no", "on-failure"),
                      f"restart: {target.get('restart', 'no')}", "a restarting service never completes")

    print("---- the data set")
    fetch_src = (JAVA / "cli/FetchDataCommand.java").read_text()
    options = set(re.findall(r'"([a-z-]+)"', re.search(r"OPTIONS\s*=\s*Set\.of\(([^)]*)\)", fetch_src).group(1)))
    fetchers = {n: s for n, s in services.items() if n in ours and (s.get("command") or [None])[0] == "fetch-data"}
    if check("a one-shot fetch-data service", len(fetchers) == 1, ", ".join(fetchers), f"{len(fetchers)} found"):
        fname, fsvc = next(iter(fetchers.items()))
        cmd = fsvc["command"]
        for opt in [c[2:] for c in cmd if c.startswith("--")]:
            check(f"service {fname}: fetch-data option --{opt} exists", opt in options, detail_fail=f"known: {sorted(options)}")
        fdir = cmd[cmd.index("--dir") + 1] if "--dir" in cmd else environment(fsvc).get("HYPERGRID_DATA_DIR")
        fmount = next(((s, t, ro) for s, t, ro in volume_mounts(fsvc) if fdir and (fdir + "/").startswith(t.rstrip("/") + "/")), None)
        check(f"service {fname}: writes {fdir} into a named volume", bool(fmount) and not is_bind(fmount[0]) and not fmount[2],
              f"volume {fmount[0]}" if fmount else "", "not on a writable named volume")
        for name in sorted(n for n in ours if n not in fetchers and published_ports(services[n])):
            svc, env = services[name], environment(services[name])
            ddir = env.get("HYPERGRID_DATA_DIR") or "/app/data/cifar-10-batches-bin"
            mount = next(((s, t, ro) for s, t, ro in volume_mounts(svc) if (ddir + "/").startswith(t.rstrip("/") + "/")), None)
            check(f"service {name}: reads the data set from the volume {fname} fills",
                  bool(mount and fmount) and mount[0] == fmount[0] and ddir == fdir,
                  f"{ddir} on {mount[0] if mount else None}", f"HYPERGRID_DATA_DIR={ddir}, mount {mount}")
            check(f"service {name}: waits for {fname} to complete",
                  depends_on(svc).get(fname, {}).get("condition") == "service_completed_successfully",
                  detail_fail="no depends_on with condition service_completed_successfully")
            fetch_on_start = (env.get("HYPERGRID_DATA_FETCHONSTART") or "true") == "true"
            check(f"service {name}: fetch-on-start={str(fetch_on_start).lower()} fits a "
                  f"{'read-only' if mount and mount[2] else 'writable'} data mount",
                  not (fetch_on_start and mount and mount[2]),
                  detail_fail="fetch-on-start would try to write to a read-only volume")

    print("---- Prometheus")
    prom = next((n for n, s in services.items() if image_base(s.get("image", "")) == "prom/prometheus"), None)
    if check("a Prometheus service", prom is not None, prom or "", "none"):
        cfg_mount = next((s for s, t, _ in volume_mounts(services[prom]) if t == "/etc/prometheus/prometheus.yml"), None)
        if check(f"service {prom}: configuration mounted on /etc/prometheus/prometheus.yml", bool(cfg_mount),
                 cfg_mount or "", "not mounted") and (ROOT / cfg_mount).is_file():
            cfg = yaml.safe_load((ROOT / cfg_mount).read_text())
            scraped = set()
            for job in cfg.get("scrape_configs", []):
                path = job.get("metrics_path", "/metrics")
                for group in job.get("static_configs", []):
                    for t in group.get("targets", []):
                        host, _, port = t.partition(":")
                        if not check(f"prometheus job {job['job_name']}: target {t} is a service", host in services,
                                     detail_fail="no such service"):
                            continue
                        scraped.add(host)
                        check(f"prometheus job {job['job_name']}: target {t} on the port {host} listens on",
                              int(port or 80) == listening_port(host), detail_fail=f"it listens on {listening_port(host)}")
                        if host in ours:
                            check(f"prometheus job {job['job_name']}: {t} scraped at /actuator/prometheus, which is exposed",
                                  path == "/actuator/prometheus" and "prometheus" in str(exposure).split(","),
                                  detail_fail=f"metrics_path {path}, exposure {exposure}")
            for name in sorted(n for n in ours if n not in fetchers):
                check(f"prometheus: instance {name} scraped", name in scraped, detail_fail="not a scrape target")

    print("---- Grafana")
    graf = next((n for n, s in services.items() if image_base(s.get("image", "")) == "grafana/grafana"), None)
    if check("a Grafana service", graf is not None, graf or "", "none"):
        mounts = {t: s for s, t, _ in volume_mounts(services[graf]) if is_bind(s)}

        def host_files(container_dir, pattern):
            for t, s in mounts.items():
                if t.rstrip("/") == container_dir.rstrip("/"):
                    return sorted((ROOT / s).glob(pattern))
            return []

        ds_files = host_files("/etc/grafana/provisioning/datasources", "*.y*ml")
        ds_uids = set()
        if check("grafana: datasource provisioning mounted", bool(ds_files), ", ".join(f.name for f in ds_files), "none"):
            for f in ds_files:
                for ds in yaml.safe_load(f.read_text()).get("datasources", []):
                    ds_uids.add(ds.get("uid"))
                    m = re.match(r"https?://([^:/]+):(\d+)", ds.get("url", ""))
                    check(f"grafana datasource {ds.get('name')}: URL reaches a service's port",
                          bool(m) and m.group(1) in services and int(m.group(2)) == listening_port(m.group(1)),
                          ds.get("url"), f"{ds.get('url')} is not service:port of this file")
        prov_files = host_files("/etc/grafana/provisioning/dashboards", "*.y*ml")
        dash_dirs = []
        if check("grafana: dashboard provisioning mounted", bool(prov_files), ", ".join(f.name for f in prov_files), "none"):
            for f in prov_files:
                for p in yaml.safe_load(f.read_text()).get("providers", []):
                    path = p.get("options", {}).get("path", "")
                    host = next((s for t, s in mounts.items() if path.rstrip("/") == t.rstrip("/")), None)
                    check(f"grafana provider {p.get('name')}: {path} is a mounted folder", host is not None,
                          f"<- {host}", "not mounted from the host")
                    if host:
                        dash_dirs.append(ROOT / host)
        home = environment(services[graf]).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
        if home:
            check("grafana: home dashboard file is mounted",
                  any((ROOT / s / Path(home).relative_to(t)).is_file() for t, s in mounts.items()
                      if home.startswith(t.rstrip("/") + "/")), home, f"{home} not in a mounted folder")
        allowed, unknown = exported_metrics()
        check("HypergridMetrics.java: every hypergrid.* meter understood", not unknown,
              f"{len(allowed)} Prometheus series names", f"not parsed: {sorted(unknown)}")
        allowed |= STANDARD_METRICS
        dashboards = [f for d in dash_dirs for f in sorted(d.glob("*.json"))]
        check("grafana: at least one dashboard JSON", bool(dashboards), ", ".join(str(f.relative_to(ROOT)) for f in dashboards), "none")
        for f in dashboards:
            try:
                dash = json.loads(f.read_text())
            except ValueError as e:
                check(f"{f.name}: valid JSON", False, detail_fail=str(e))
                continue
            check(f"{f.name}: valid JSON", True, f"{len(dash.get('panels', []))} panels, uid {dash.get('uid')}")
            queried, uids = set(), set()

            def walk(node):
                if isinstance(node, dict):
                    ds = node.get("datasource")
                    if isinstance(ds, dict) and ds.get("uid") and not str(ds["uid"]).startswith("$"):
                        uids.add(ds["uid"])
                    for key in ("expr", "query", "definition"):
                        if isinstance(node.get(key), str):
                            queried.update(promql_metrics(node[key]))
                    for v in node.values():
                        walk(v)
                elif isinstance(node, list):
                    for v in node:
                        walk(v)

            walk(dash)
            check(f"{f.name}: datasource uids are provisioned", uids <= ds_uids, ", ".join(sorted(uids)),
                  f"unknown: {sorted(uids - ds_uids)}")
            check(f"{f.name}: queries only metrics the application exports", queried <= allowed,
                  f"{len(queried)} metrics: " + " ".join(sorted(queried)), f"unknown: {sorted(queried - allowed)}")
            panel_text = json.dumps(dash)
            for needed in ("hypergrid_trials", "hypergrid_queue_depth", "hypergrid_workers_busy",
                           "hypergrid_trials_finished_total", "hypergrid_training_samples_total",
                           "hypergrid_epoch_duration_seconds_sum", "hypergrid_memory_resident_bytes",
                           "jvm_memory_used_bytes"):
                check(f"{f.name}: a panel queries {needed}", re.search(rf"\b{needed}\b", panel_text) is not None,
                      detail_fail="missing")


def promql_metrics(expr):
    """Metric names in a PromQL expression (or a Grafana label_values(metric, label) query)."""
    m = re.fullmatch(r"\s*label_values\(\s*([a-zA-Z_:][\w:]*)\s*,.*\)\s*", expr)
    if m:
        return {m.group(1)}
    if re.fullmatch(r"\s*label_values\([^,]*\)\s*", expr):
        return set()
    e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr)       # strings
    e = re.sub(r"\{[^}]*\}", " ", e)                                         # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)                                        # ranges
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)  # label lists
    e = re.sub(r"\$\w+", " ", e)                                             # dashboard variables
    names = set()
    for m in re.finditer(r"(?<![\w.])([a-zA-Z_:][\w:]*)\s*(\()?", e):
        if m.group(2) or m.group(1).lower() in PROMQL_WORDS:
            continue                                                         # functions, keywords
        names.add(m.group(1))
    return names


def docker_config():
    print("---- docker compose config")
    for cmd in (["docker", "compose"], ["docker-compose"]):
        if not shutil.which(cmd[0]):
            continue
        if subprocess.run(cmd + ["version"], capture_output=True).returncode != 0:
            continue
        r = subprocess.run(cmd + ["-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"], capture_output=True,
                           text=True, cwd=ROOT)
        check(f"{' '.join(cmd)} config", r.returncode == 0, "parses", (r.stderr or r.stdout).strip()[:500])
        return
    report("SKIP", "docker compose config", "neither the compose plugin nor docker-compose is installed")


if __name__ == "__main__":
    main()
    if "--docker" in sys.argv[1:]:
        docker_config()
    print(f"---- {'FAILED: ' + str(failures) + ' check(s)' if failures else 'all checks passed'}")
    sys.exit(1 if failures else 0)
