# The BuildFarm agent service for docker-compose.yml; build from the repository root:
#   docker build -f deploy/agent.Dockerfile -t buildfarm/agent .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: restoring from them alone lets code edits reuse the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/FarmProcess.props src/
COPY src/Shared/Shared.csproj src/Shared/
COPY src/Hosting/Hosting.csproj src/Hosting/
COPY src/Scheduler/Scheduler.csproj src/Scheduler/
COPY src/Agent/Agent.csproj src/Agent/
COPY src/Web/Web.csproj src/Web/
RUN dotnet restore src/Agent/Agent.csproj
COPY src/ src/
RUN dotnet publish src/Agent/Agent.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# git fetches build sources; the builds themselves run on the host's engine through the mounted Docker socket.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ["dotnet", "BuildFarm.Agent.dll"]
